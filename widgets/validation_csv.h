#pragma once
// The validation losses a trainer writes to OUT/validation.csv every N steps (`aicl train`,
// `aicl train-backbone`), read into curves over steps. Long format, one row per step x split x timestep
// bucket:
//
//   step,split,t_min,t_max,loss_backbone,loss_aicl,reference_gain
//   100,seen,0,250,0.1234,0.1200,0.0276
//   100,held_out,750,1000,0.4,0.38,0.05
//
// split is `seen` or `held_out`; a bucket is the timestep range [t_min, t_max). loss_aicl and reference_gain
// (1 - loss_aicl / loss_backbone) are empty for a backbone run (no adapter). Torch-free.
#include <QByteArray>
#include <QString>
#include <QVector>

struct ValidationRow {
  double step = 0;
  QString split;
  double t_min = 0, t_max = 0;
  double loss_backbone = 0;
  double loss_aicl = 0;       // NaN: empty (a backbone run)
  double reference_gain = 0;  // NaN: empty (a backbone run)
};

struct ValidationTable {
  QVector<ValidationRow> rows;  // in file order
  int skipped_lines = 0;        // complete lines that do not parse
  QString error;                // non-empty: the header lacks a needed column (no rows then)
  // Whether any row has a reference gain, i.e. the run trains an AICL adapter.
  bool hasReferenceGain() const;
};

// Parses a whole validation.csv. Only lines ending in a line end count: the trainer may be writing the last
// one (and a cut-off number would still parse). Columns are found by their header names, so their order and
// extra columns do not matter; step, split, t_min, t_max and loss_backbone are needed.
ValidationTable parseValidationCsv(const QByteArray& bytes);

// What a curve shows: the reference gain (an adapter run) or the backbone's validation loss.
enum class ValidationMetric { ReferenceGain, BackboneLoss };

// One curve: a split and timestep bucket over steps (ascending; a step written twice keeps its last row).
struct ValidationSeries {
  QString split;
  double t_min = 0, t_max = 0;
  QVector<double> steps, values;
};

// The curves of `metric`, held_out first, then seen, then any other split (by name); buckets by t_min within
// a split. Rows whose value is empty or not finite are left out.
QVector<ValidationSeries> validationSeries(const ValidationTable& table, ValidationMetric metric);
