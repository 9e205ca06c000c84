#pragma once
// Data-parallel training over LibTorch's c10d process groups: every rank (one process each) holds a full copy of
// the model, trains on its own share of the batch and averages its gradients with the others before each
// optimizer step, so all copies stay identical.
//
// Rendezvous goes through a c10d::TCPStore served by rank 0 at master_addr:master_port; collectives run on Gloo
// (CPU tensors; CUDA tensors are staged through host memory) or, when this LibTorch carries it, NCCL.
// Every collective must be called by all ranks in the same order. A world of one needs no process group and every
// call is a no-op, so the trainer calls these unconditionally.
#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

namespace aicl::train {

struct DistributedOptions {
  int rank = 0;
  int world_size = 1;
  std::string master_addr = "127.0.0.1";
  int master_port = 29500;
  // "auto": NCCL when this LibTorch has it and a CUDA device is present, else Gloo. "gloo" or "nccl" force one;
  // "nccl" fails with an aicl::Error when this LibTorch was built without it (Debian's is CPU-only).
  std::string backend = "auto";
  // Bounds the rendezvous (waiting for every rank) and each collective; a peer that never arrives or stops
  // answering becomes an aicl::Error after this long, never a hang.
  double timeout_seconds = 300;
};

// `defaults` overridden by the torchrun-style environment variables RANK, WORLD_SIZE, MASTER_ADDR and MASTER_PORT
// (unset or empty ones keep the default). A malformed or out-of-range value is an aicl::Error naming the variable
// and the value; so is a rank outside [0, world size).
DistributedOptions distributedOptionsFromEnvironment(DistributedOptions defaults);

// The options checked as distributedOptionsFromEnvironment does (aicl::Error on the first bad field).
void validateDistributedOptions(const DistributedOptions& options);

class DataParallel {
 public:
  // Joins the process group: blocks until every rank has arrived (or throws aicl::Error after the timeout, when
  // the port is in use or the store is unreachable). world_size 1 creates no process group.
  static std::unique_ptr<DataParallel> create(const DistributedOptions& options);
  ~DataParallel();
  DataParallel(const DataParallel&) = delete;
  DataParallel& operator=(const DataParallel&) = delete;

  int rank() const;
  int worldSize() const;
  bool isMain() const;  // rank 0: the one that logs, writes checkpoints and samples
  // "none" (world of one), "gloo" or "nccl".
  const std::string& backend() const;

  // Overwrites `params` on every rank with root's values, so all ranks start equal. The tensors must have the
  // same shapes, dtypes and order on every rank (checked: a mismatch is an aicl::Error on every rank).
  void broadcastParameters(std::vector<torch::Tensor> params, int root = 0);

  // Replaces each parameter's .grad() by its mean over the ranks: one all-reduce (sum) of a flat buffer per
  // dtype and device, then a division by the world size. A parameter without a gradient contributes zeros;
  // it receives the averaged gradient when any rank had one, and stays without one when none had.
  // Sparse gradients are not supported (aicl::Error).
  void averageGradients(const std::vector<torch::Tensor>& params);

  // The mean of `value` over the ranks (e.g. the loss for logging).
  double averageScalar(double value);

  // Returns once every rank has called it.
  void barrier();

  struct Impl;

 private:
  explicit DataParallel(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace aicl::train
