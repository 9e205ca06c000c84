#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <torch/torch.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "aicl/error.h"
#include "free_port.h"
#include "train/distributed.h"

extern char** environ;

namespace {

using aicl::train::DataParallel;
using aicl::train::DistributedOptions;
using Clock = std::chrono::steady_clock;

// ---- helpers ----------------------------------------------------------------------------------------------

using aicl::test::freePort;
using aicl::test::PortHolder;

// Sets environment variables for one test and restores the previous values afterwards.
class EnvironmentGuard {
 public:
  ~EnvironmentGuard() {
    for (const auto& [name, value] : saved_) {
      if (value)
        setenv(name.c_str(), value->c_str(), 1);
      else
        unsetenv(name.c_str());
    }
  }
  void set(const std::string& name, const char* value) {
    if (!saved_.count(name)) {
      const char* old = std::getenv(name.c_str());
      saved_[name] = old ? std::optional<std::string>(old) : std::nullopt;
    }
    if (value)
      setenv(name.c_str(), value, 1);
    else
      unsetenv(name.c_str());
  }

 private:
  std::map<std::string, std::optional<std::string>> saved_;
};

// Starts distributed_worker with extra environment variables.
pid_t spawnWorker(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
  std::vector<std::string> env_strings;
  for (char** e = environ; *e; ++e) {
    const std::string entry = *e;
    const auto name = entry.substr(0, entry.find('='));
    if (!env.count(name)) env_strings.push_back(entry);
  }
  for (const auto& [name, value] : env) env_strings.push_back(name + "=" + value);
  std::vector<std::string> argv_strings{AICL_DISTRIBUTED_WORKER};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv, envp;
  for (auto& s : argv_strings) argv.push_back(s.data());
  argv.push_back(nullptr);
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  pid_t pid = -1;
  if (posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), envp.data()) != 0) return -1;
  return pid;
}

// Waits for every process; kills the rest once `timeout` has passed. Returns the exit codes (-1: killed/crashed).
std::vector<int> waitAll(const std::vector<pid_t>& pids, std::chrono::seconds timeout) {
  std::vector<int> codes(pids.size(), -2);
  const auto deadline = Clock::now() + timeout;
  size_t running = pids.size();
  while (running > 0) {
    for (size_t i = 0; i < pids.size(); ++i) {
      if (codes[i] != -2) continue;
      int status = 0;
      if (waitpid(pids[i], &status, WNOHANG) == pids[i]) {
        codes[i] = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        --running;
      }
    }
    if (running == 0) break;
    if (Clock::now() > deadline) {
      for (size_t i = 0; i < pids.size(); ++i) {
        if (codes[i] != -2) continue;
        kill(pids[i], SIGKILL);
        waitpid(pids[i], nullptr, 0);
        codes[i] = -1;
      }
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return codes;
}

std::vector<torch::Tensor> loadTensors(const std::filesystem::path& path) {
  std::vector<torch::Tensor> tensors;
  torch::load(tensors, path.string());
  return tensors;
}

// Max |a - b| relative to max |b| (the parameters' scale).
double relativeError(const torch::Tensor& a, const torch::Tensor& b) {
  const double scale = std::max(b.abs().max().item<double>(), 1e-12);
  return (a.to(torch::kDouble) - b.to(torch::kDouble)).abs().max().item<double>() / scale;
}

template <typename F>
std::string errorOf(F&& f) {
  try {
    f();
  } catch (const aicl::Error& e) {
    return e.what();
  }
  return "(no aicl::Error)";
}

// ---- two processes against one ----------------------------------------------------------------------------

class TwoRanks : public ::testing::TestWithParam<std::string> {};

TEST_P(TwoRanks, TrainLikeOneProcessOnTheWholeBatch) {
  const std::string optimizer = GetParam();
  const auto dir = std::filesystem::temp_directory_path() /
                   ("aicl_test_distributed_" + std::to_string(getpid()) + "_" + optimizer);
  std::filesystem::create_directories(dir);
  const std::string steps = "6";
  const int port = freePort();

  std::vector<pid_t> pids;
  for (int rank = 0; rank < 2; ++rank) {
    pids.push_back(spawnWorker({"rank", optimizer, steps, (dir / ("rank" + std::to_string(rank) + ".pt")).string()},
                               {{"RANK", std::to_string(rank)},
                                {"WORLD_SIZE", "2"},
                                {"MASTER_ADDR", "127.0.0.1"},
                                {"MASTER_PORT", std::to_string(port)}}));
  }
  pids.push_back(spawnWorker({"reference", optimizer, steps, (dir / "reference.pt").string()},
                             {{"RANK", "0"}, {"WORLD_SIZE", "1"}}));
  for (const auto pid : pids) ASSERT_GT(pid, 0) << "cannot start " << AICL_DISTRIBUTED_WORKER;
  const auto codes = waitAll(pids, std::chrono::seconds(60));
  ASSERT_EQ(codes, (std::vector<int>{0, 0, 0})) << "worker exit codes (rank 0, rank 1, reference)";

  const auto rank0 = loadTensors(dir / "rank0.pt");
  const auto rank1 = loadTensors(dir / "rank1.pt");
  const auto reference = loadTensors(dir / "reference.pt");
  std::filesystem::remove_all(dir);
  ASSERT_EQ(rank0.size(), reference.size());
  ASSERT_EQ(rank1.size(), reference.size());
  const size_t params = reference.size() - 2;

  double worst = 0;
  for (size_t i = 0; i < params; ++i) {
    // The ranks hold bit-identical copies; both match the single process to rounding.
    EXPECT_TRUE(torch::equal(rank0[i], rank1[i])) << "parameter " << i;
    EXPECT_LT(relativeError(rank0[i], reference[i]), 1e-5) << "parameter " << i;
    worst = std::max(worst, relativeError(rank0[i], reference[i]));
  }
  std::cout << "largest relative difference to the single process (" << optimizer << "): " << worst << "\n";
  // The averaged loss of the ranks' halves is the whole batch's loss.
  EXPECT_LT(relativeError(rank0[params], reference[params]), 1e-5) << rank0[params] << reference[params];
  EXPECT_TRUE(torch::equal(rank0[params], rank1[params]));
  // Which parameters have a gradient: the same everywhere (the never-used layer has none; the shift, used by
  // rank 1 only, has one on rank 0 too).
  EXPECT_TRUE(torch::equal(rank0[params + 1], reference[params + 1])) << rank0[params + 1];
  EXPECT_TRUE(torch::equal(rank1[params + 1], reference[params + 1])) << rank1[params + 1];
  EXPECT_EQ(reference[params + 1].sum().item<double>(), static_cast<double>(params - 2));
  // Training changed the loss.
  EXPECT_LT(reference[params][-1].item<double>(), reference[params][0].item<double>());
}

INSTANTIATE_TEST_SUITE_P(Optimizers, TwoRanks, ::testing::Values("sgd", "adamw"));

// ---- in-process ---------------------------------------------------------------------------------------------

TEST(DataParallel, WorldOfOneIsANoOp) {
  PortHolder busy(true);  // proves no store is opened: the port is taken
  DistributedOptions options;
  options.master_port = busy.port();
  auto dp = DataParallel::create(options);
  EXPECT_EQ(dp->rank(), 0);
  EXPECT_EQ(dp->worldSize(), 1);
  EXPECT_TRUE(dp->isMain());
  EXPECT_EQ(dp->backend(), "none");

  torch::manual_seed(3);
  auto w = torch::randn({3, 4}, torch::requires_grad());
  auto b = torch::randn({4}, torch::requires_grad());
  (w.sum() * 2).backward();
  const auto w_before = w.detach().clone();
  const auto grad_before = w.grad().clone();
  dp->broadcastParameters({w, b});
  dp->averageGradients({w, b});
  EXPECT_TRUE(torch::equal(w, w_before));
  EXPECT_TRUE(torch::equal(w.grad(), grad_before));
  EXPECT_FALSE(b.grad().defined());
  EXPECT_EQ(dp->averageScalar(3.25), 3.25);
  dp->barrier();
}

TEST(DataParallel, EnvironmentOverridesTheDefaults) {
  EnvironmentGuard env;
  env.set("RANK", "1");
  env.set("WORLD_SIZE", "4");
  env.set("MASTER_ADDR", "10.1.2.3");
  env.set("MASTER_PORT", "12345");
  DistributedOptions defaults;
  defaults.timeout_seconds = 7;
  const auto options = aicl::train::distributedOptionsFromEnvironment(defaults);
  EXPECT_EQ(options.rank, 1);
  EXPECT_EQ(options.world_size, 4);
  EXPECT_EQ(options.master_addr, "10.1.2.3");
  EXPECT_EQ(options.master_port, 12345);
  EXPECT_EQ(options.timeout_seconds, 7);

  env.set("RANK", nullptr);
  env.set("WORLD_SIZE", "");
  env.set("MASTER_ADDR", nullptr);
  env.set("MASTER_PORT", nullptr);
  const auto unset = aicl::train::distributedOptionsFromEnvironment(DistributedOptions{});
  EXPECT_EQ(unset.rank, 0);
  EXPECT_EQ(unset.world_size, 1);
  EXPECT_EQ(unset.master_addr, "127.0.0.1");
  EXPECT_EQ(unset.master_port, 29500);
}

TEST(DataParallel, BadEnvironmentValuesAreErrorsNamingTheVariable) {
  struct Case {
    const char* name;
    const char* value;
  };
  const std::vector<Case> cases{{"RANK", "abc"},        {"RANK", "-1"},          {"RANK", "1.5"},
                                {"WORLD_SIZE", "0"},    {"WORLD_SIZE", "two"},   {"MASTER_PORT", "70000"},
                                {"MASTER_PORT", "0"},   {"MASTER_PORT", "80x"},  {"MASTER_ADDR", "a host"},
                                {"RANK", "2"}};  // not below WORLD_SIZE=2
  for (const auto& c : cases) {
    EnvironmentGuard env;
    for (const char* name : {"RANK", "WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT"}) env.set(name, nullptr);
    env.set("WORLD_SIZE", "2");
    env.set(c.name, c.value);
    const std::string message = errorOf([] { aicl::train::distributedOptionsFromEnvironment(DistributedOptions{}); });
    EXPECT_NE(message.find(std::string(c.name) + "='" + c.value + "'"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

TEST(DataParallel, BadOptionsAreErrors) {
  DistributedOptions options;
  options.backend = "mpi";
  EXPECT_NE(errorOf([&] { DataParallel::create(options); }).find("backend 'mpi'"), std::string::npos);
  options = {};
  options.rank = 2;
  options.world_size = 2;
  EXPECT_NE(errorOf([&] { DataParallel::create(options); }).find("rank 2"), std::string::npos);
  options = {};
  options.world_size = 2;
  options.backend = "nccl";
  options.master_port = freePort();
  options.timeout_seconds = 1;
  const auto nccl = errorOf([&] { DataParallel::create(options); });
#if !AICL_WITH_NCCL
  EXPECT_NE(nccl.find("backend 'nccl' is not available"), std::string::npos) << nccl;
#else
  (void)nccl;  // NCCL compiled in: without a second rank this only times out
#endif
}

TEST(DataParallel, PortInUseIsAnError) {
  PortHolder busy(true, "0.0.0.0");
  DistributedOptions options;
  options.world_size = 2;
  options.master_port = busy.port();
  options.timeout_seconds = 5;
  const auto start = Clock::now();
  const auto message = errorOf([&] { DataParallel::create(options); });
  EXPECT_NE(message.find("port " + std::to_string(busy.port())), std::string::npos) << message;
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(5)) << message;
}

TEST(DataParallel, MissingPeersTimeOut) {
  DistributedOptions options;
  options.world_size = 2;
  options.master_port = freePort();
  options.timeout_seconds = 1;

  // Rank 0 waits for rank 1, which never comes.
  auto start = Clock::now();
  auto message = errorOf([&] { DataParallel::create(options); });
  EXPECT_NE(message.find("only 1 of 2 ranks arrived within 1 s"), std::string::npos) << message;
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(10)) << message;

  // Rank 1 looks for a rank 0 that is not there.
  options.rank = 1;
  options.master_port = freePort();
  start = Clock::now();
  message = errorOf([&] { DataParallel::create(options); });
  EXPECT_NE(message.find("cannot reach the rendezvous store"), std::string::npos) << message;
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(10)) << message;
}

// Two ranks as threads of this process (Gloo does not mind), for the collectives' own behaviour.
template <typename F>
void runRanks(int port, double timeout, F&& body) {
  std::vector<std::thread> threads;
  std::vector<std::string> failures(2);
  for (int rank = 0; rank < 2; ++rank) {
    threads.emplace_back([&, rank] {
      try {
        DistributedOptions options;
        options.rank = rank;
        options.world_size = 2;
        options.master_port = port;
        options.timeout_seconds = timeout;
        auto dp = DataParallel::create(options);
        body(*dp);
      } catch (const std::exception& e) {
        failures[rank] = e.what();
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int rank = 0; rank < 2; ++rank) EXPECT_EQ(failures[rank], "") << "rank " << rank;
}

TEST(DataParallel, CollectivesAverageAndBroadcast) {
  runRanks(freePort(), 20, [](DataParallel& dp) {
    const int r = dp.rank();
    EXPECT_EQ(dp.backend(), "gloo");
    EXPECT_EQ(dp.isMain(), r == 0);
    EXPECT_DOUBLE_EQ(dp.averageScalar(r == 0 ? 1.0 : 4.0), 2.5);

    // Broadcast: mixed dtypes, a non-contiguous tensor; everyone ends with rank 1's values.
    auto a = torch::full({2, 3}, static_cast<float>(r));
    auto b = torch::full({3, 2}, static_cast<double>(10 + r)).t();
    auto c = torch::full({4}, 20 + r, torch::kLong);
    dp.broadcastParameters({a, b, c}, 1);
    EXPECT_TRUE(torch::equal(a, torch::full({2, 3}, 1.0f)));
    EXPECT_TRUE(torch::equal(b, torch::full({2, 3}, 11.0, torch::kDouble)));
    EXPECT_TRUE(torch::equal(c, torch::full({4}, 21, torch::kLong)));

    // Gradients: present on both, on one rank only, on neither.
    auto p = torch::zeros({3}, torch::requires_grad());
    auto q = torch::zeros({2}, torch::requires_grad());
    auto s = torch::zeros({2}, torch::requires_grad());
    p.mutable_grad() = torch::full({3}, r == 0 ? 1.0f : 3.0f);
    if (r == 1) q.mutable_grad() = torch::full({2}, 8.0f);
    dp.averageGradients({p, q, s});
    EXPECT_TRUE(torch::allclose(p.grad(), torch::full({3}, 2.0f)));
    ASSERT_TRUE(q.grad().defined());
    EXPECT_TRUE(torch::allclose(q.grad(), torch::full({2}, 4.0f)));
    EXPECT_FALSE(s.grad().defined());
    dp.barrier();
  });
}

TEST(DataParallel, RanksWithDifferentModelsFailCleanly) {
  runRanks(freePort(), 20, [](DataParallel& dp) {
    std::vector<torch::Tensor> params{torch::zeros({4}), torch::zeros({2})};
    if (dp.rank() == 1) params.push_back(torch::zeros({3}));
    const auto message = errorOf([&] { dp.broadcastParameters(params); });
    EXPECT_NE(message.find("the ranks pass different tensors"), std::string::npos) << message;
  });
}

TEST(DataParallel, APeerThatLeavesIsAnErrorNotAHang) {
  const auto start = Clock::now();
  runRanks(freePort(), 3, [](DataParallel& dp) {
    if (dp.rank() == 1) return;  // leaves: its process group is destroyed
    const auto message = errorOf([&] {
      for (int i = 0; i < 3; ++i) dp.averageScalar(1.0);
    });
    EXPECT_NE(message.find("averageScalar failed"), std::string::npos) << message;
  });
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(15));
}

TEST(DataParallel, APeerThatStallsTimesOut) {
  runRanks(freePort(), 1, [](DataParallel& dp) {
    if (dp.rank() == 1) {
      std::this_thread::sleep_for(std::chrono::milliseconds(3000));  // alive, but not in the collective
      return;
    }
    const auto start = Clock::now();
    const auto message = errorOf([&] { dp.averageScalar(1.0); });
    EXPECT_NE(message.find("did not answer within 1 s"), std::string::npos) << message;
    EXPECT_LT(Clock::now() - start, std::chrono::milliseconds(2800)) << message;
  });
}

}  // namespace
