#include "validation_csv.h"

#include <QList>
#include <QMap>
#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

namespace {

constexpr double kEmpty = std::numeric_limits<double>::quiet_NaN();

struct Columns {
  int step = -1, split = -1, t_min = -1, t_max = -1, loss_backbone = -1, loss_aicl = -1, reference_gain = -1;
  int needed() const { return std::max({step, split, t_min, t_max, loss_backbone}) + 1; }
};

bool parseNumber(const QByteArray& text, double* value) {
  bool ok = false;
  *value = text.toDouble(&ok);
  return ok;
}

// An optional column: missing or empty is NaN; anything else must be a number.
bool parseOptionalNumber(const QList<QByteArray>& fields, int column, double* value) {
  if (column < 0 || column >= fields.size() || fields[column].isEmpty()) {
    *value = kEmpty;
    return true;
  }
  return parseNumber(fields[column], value);
}

QList<QByteArray> splitLine(const QByteArray& line) {
  QList<QByteArray> fields = line.split(',');
  for (QByteArray& field : fields) field = field.trimmed();
  return fields;
}

int splitOrder(const QString& split) {
  if (split == QLatin1String("held_out")) return 0;
  if (split == QLatin1String("seen")) return 1;
  return 2;
}

}  // namespace

bool ValidationTable::hasReferenceGain() const {
  return std::any_of(rows.cbegin(), rows.cend(),
                     [](const ValidationRow& row) { return std::isfinite(row.reference_gain); });
}

ValidationTable parseValidationCsv(const QByteArray& bytes) {
  ValidationTable table;
  Columns columns;
  bool have_header = false;
  qsizetype pos = 0;
  while (pos < bytes.size()) {
    const qsizetype newline = bytes.indexOf('\n', pos);
    if (newline < 0) break;  // a last line without its line end is still being written
    QByteArray line = bytes.mid(pos, newline - pos);
    pos = newline + 1;
    if (line.endsWith('\r')) line.chop(1);
    if (!have_header && line.startsWith("\xEF\xBB\xBF")) line.remove(0, 3);  // UTF-8 byte order mark
    if (line.trimmed().isEmpty()) continue;
    const QList<QByteArray> fields = splitLine(line);
    if (!have_header) {
      have_header = true;
      for (int i = 0; i < fields.size(); ++i) {
        const QByteArray name = fields[i].toLower();
        int* column = name == "step"             ? &columns.step
                      : name == "split"          ? &columns.split
                      : name == "t_min"          ? &columns.t_min
                      : name == "t_max"          ? &columns.t_max
                      : name == "loss_backbone"  ? &columns.loss_backbone
                      : name == "loss_aicl"      ? &columns.loss_aicl
                      : name == "reference_gain" ? &columns.reference_gain
                                                 : nullptr;
        if (column && *column < 0) *column = i;
      }
      if (std::min({columns.step, columns.split, columns.t_min, columns.t_max, columns.loss_backbone}) < 0) {
        table.error = QStringLiteral("the header needs step, split, t_min, t_max and loss_backbone columns");
        return table;
      }
      continue;
    }
    ValidationRow row;
    const bool parsed = fields.size() >= columns.needed() && !fields[columns.split].isEmpty() &&
                        parseNumber(fields[columns.step], &row.step) &&
                        parseNumber(fields[columns.t_min], &row.t_min) &&
                        parseNumber(fields[columns.t_max], &row.t_max) &&
                        parseNumber(fields[columns.loss_backbone], &row.loss_backbone) &&
                        parseOptionalNumber(fields, columns.loss_aicl, &row.loss_aicl) &&
                        parseOptionalNumber(fields, columns.reference_gain, &row.reference_gain) &&
                        std::isfinite(row.step) && std::isfinite(row.t_min) && std::isfinite(row.t_max);
    if (!parsed) {
      ++table.skipped_lines;
      continue;
    }
    row.split = QString::fromUtf8(fields[columns.split]);
    table.rows << row;
  }
  return table;
}

QVector<ValidationSeries> validationSeries(const ValidationTable& table, ValidationMetric metric) {
  // (split order, split, t_min, t_max) -> step -> value; a map keeps both levels sorted and lets a later row
  // of the same step replace an earlier one.
  using Key = std::tuple<int, QString, double, double>;
  QMap<Key, QMap<double, double>> curves;
  for (const ValidationRow& row : table.rows) {
    const double value = metric == ValidationMetric::ReferenceGain ? row.reference_gain : row.loss_backbone;
    if (!std::isfinite(value)) continue;
    curves[Key{splitOrder(row.split), row.split, row.t_min, row.t_max}][row.step] = value;
  }
  QVector<ValidationSeries> series;
  for (auto curve = curves.cbegin(); curve != curves.cend(); ++curve) {
    ValidationSeries one;
    one.split = std::get<1>(curve.key());
    one.t_min = std::get<2>(curve.key());
    one.t_max = std::get<3>(curve.key());
    one.steps = curve.value().keys().toVector();
    one.values = curve.value().values().toVector();
    series << one;
  }
  return series;
}
