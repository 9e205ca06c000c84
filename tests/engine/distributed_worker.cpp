// One rank of test_distributed's data-parallel training run (or the single-process reference it is compared to).
//
//   distributed_worker rank|reference sgd|adamw STEPS OUTPUT.pt
//
// "rank" joins the world described by RANK, WORLD_SIZE, MASTER_ADDR and MASTER_PORT and trains on its share of a
// fixed batch with DataParallel::averageGradients; "reference" trains the same model alone on the whole batch.
// Both save [parameters..., per-step losses, has-grad flags] with torch::save. Exit code 0 on success.
#include <torch/torch.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "train/distributed.h"

namespace {

constexpr int64_t kBatch = 16;
constexpr int64_t kInputs = 6;
constexpr int64_t kHidden = 12;
constexpr int64_t kOutputs = 3;

struct NetImpl : torch::nn::Module {
  torch::nn::Linear fc1{nullptr}, fc2{nullptr}, unused{nullptr};
  torch::Tensor shift;  // added to the rows of the batch's second half only: rank 0 never gets a gradient for it

  NetImpl() {
    fc1 = register_module("fc1", torch::nn::Linear(kInputs, kHidden));
    fc2 = register_module("fc2", torch::nn::Linear(kHidden, kOutputs));
    unused = register_module("unused", torch::nn::Linear(2, 2));  // no rank ever gets a gradient for it
    shift = register_parameter("shift", torch::randn({kOutputs}) * 0.1);
  }

  // `second_half`: [rows, 1] of 0/1; the shift joins the graph only when some row belongs to the second half.
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& second_half) {
    auto out = fc2(torch::tanh(fc1(x)));
    if (second_half.any().item<bool>()) out = out + second_half * shift;
    return out;
  }
};
TORCH_MODULE(Net);

int run(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: distributed_worker rank|reference sgd|adamw STEPS OUTPUT.pt\n";
    return 2;
  }
  const std::string mode = argv[1];
  const std::string optimizer_name = argv[2];
  const int steps = std::atoi(argv[3]);
  const std::string output = argv[4];
  torch::set_num_threads(1);  // the ranks share the machine's cores

  aicl::train::DistributedOptions defaults;
  defaults.timeout_seconds = 20;
  const auto options = mode == "rank" ? aicl::train::distributedOptionsFromEnvironment(defaults) : defaults;
  auto dp = aicl::train::DataParallel::create(options);

  // The batch is the same everywhere; the model's initial values deliberately differ per rank, so only the
  // broadcast makes the ranks start equal.
  torch::manual_seed(42);
  const auto x = torch::randn({kBatch, kInputs});
  const auto y = torch::randn({kBatch, kOutputs});
  const auto second_half = (torch::arange(kBatch) >= kBatch / 2).to(torch::kFloat).unsqueeze(1);
  torch::manual_seed(1234 + static_cast<uint64_t>(dp->rank()));
  Net net;
  dp->broadcastParameters(net->parameters());

  const int64_t share = kBatch / dp->worldSize();
  const auto rows = [&](const torch::Tensor& t) { return t.narrow(0, dp->rank() * share, share); };

  std::unique_ptr<torch::optim::Optimizer> optimizer;
  if (optimizer_name == "sgd")
    optimizer = std::make_unique<torch::optim::SGD>(net->parameters(),
                                                    torch::optim::SGDOptions(0.1).momentum(0.9).weight_decay(1e-3));
  else
    optimizer = std::make_unique<torch::optim::AdamW>(net->parameters(),
                                                      torch::optim::AdamWOptions(0.01).weight_decay(0.01));

  std::vector<double> losses;
  for (int step = 0; step < steps; ++step) {
    net->zero_grad(/*set_to_none=*/true);  // a rank without a gradient for a parameter has none
    auto loss = torch::mse_loss(net->forward(rows(x), rows(second_half)), rows(y));
    loss.backward();
    dp->averageGradients(net->parameters());
    optimizer->step();
    losses.push_back(dp->averageScalar(loss.item<double>()));
  }
  dp->barrier();

  std::vector<torch::Tensor> saved;
  std::vector<double> has_grad;
  for (const auto& p : net->parameters()) {
    saved.push_back(p.detach().clone());
    has_grad.push_back(p.grad().defined() ? 1.0 : 0.0);
  }
  saved.push_back(torch::tensor(losses, torch::kDouble));
  saved.push_back(torch::tensor(has_grad, torch::kDouble));
  torch::save(saved, output);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "distributed_worker: " << e.what() << "\n";
    return 1;
  }
}
