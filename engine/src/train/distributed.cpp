#include "train/distributed.h"

// The c10d headers hide each backend behind the macro the LibTorch build defines for it; this file opts in.
#if AICL_WITH_GLOO && !defined(USE_C10D_GLOO)
#define USE_C10D_GLOO 1
#endif
#if AICL_WITH_NCCL && !defined(USE_C10D_NCCL)
#define USE_C10D_NCCL 1
#endif

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <iterator>
#include <sstream>
#include <thread>
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroup.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#include <utility>
#if AICL_WITH_GLOO
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#endif
#if AICL_WITH_NCCL
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

#include "aicl/error.h"
#include "aicl/logging.h"

namespace aicl::train {
namespace {

// ---- options ----------------------------------------------------------------------------------------------

bool parseInt(const std::string& text, long long& value) {
  const char* begin = text.data();
  const char* end = begin + text.size();
  if (begin != end && *begin == '+') ++begin;
  const auto [ptr, ec] = std::from_chars(begin, end, value);
  return ec == std::errc() && ptr == end && begin != end;
}

// The value of an environment variable parsed as a whole number in [min, max]; `fallback` when unset or empty.
int intFromEnvironment(const char* name, int fallback, long long min, long long max, const char* expected) {
  const char* raw = std::getenv(name);
  if (!raw || !*raw) return fallback;
  long long value = 0;
  if (!parseInt(raw, value) || value < min || value > max)
    throw Error(std::string("environment variable ") + name + "='" + raw + "' is invalid: expected " + expected);
  return static_cast<int>(value);
}

// ---- errors -----------------------------------------------------------------------------------------------

// The first line of an exception's message, without c10's backtrace.
std::string reason(const std::exception& e) {
  std::string text;
  if (const auto* c10_error = dynamic_cast<const c10::Error*>(&e))
    text = c10_error->what_without_backtrace();
  else
    text = e.what();
  const auto newline = text.find('\n');
  if (newline != std::string::npos) text.resize(newline);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\r')) text.pop_back();
  return text.empty() ? "unknown error" : text;
}

std::string seconds(std::chrono::milliseconds ms) {
  const double s = static_cast<double>(ms.count()) / 1000.0;
  std::ostringstream out;
  out << s << " s";
  return out.str();
}

// ---- networking -------------------------------------------------------------------------------------------

// The numeric address of the local interface this machine would use to reach `host` (a connected UDP socket
// sends nothing; the kernel just picks the route). 127.0.0.1 for a loopback master.
std::string localAddressTowards(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_DGRAM;
  addrinfo* found = nullptr;
  const int rc = getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found);
  if (rc != 0)
    throw Error("distributed: cannot resolve the master address '" + host + "': " + gai_strerror(rc));
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> guard(found, &freeaddrinfo);
  for (const addrinfo* ai = found; ai; ai = ai->ai_next) {
    const int fd = socket(ai->ai_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) continue;
    std::string address;
    sockaddr_storage local{};
    socklen_t length = sizeof local;
    char text[NI_MAXHOST];
    if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0 &&
        getsockname(fd, reinterpret_cast<sockaddr*>(&local), &length) == 0 &&
        getnameinfo(reinterpret_cast<sockaddr*>(&local), length, text, sizeof text, nullptr, 0, NI_NUMERICHOST) == 0)
      address = text;
    close(fd);
    if (!address.empty()) return address;
  }
  throw Error("distributed: no local network interface reaches the master address '" + host + "'");
}

// ---- flat buffers -----------------------------------------------------------------------------------------

// Tensors of one dtype and device, flattened together into one buffer per collective.
struct Bucket {
  torch::Dtype dtype;
  torch::Device device;
  std::vector<size_t> members;  // indices into the parameter list, in order
};

std::vector<Bucket> bucketsOf(const std::vector<torch::Tensor>& tensors) {
  std::vector<Bucket> buckets;
  for (size_t i = 0; i < tensors.size(); ++i) {
    const auto& t = tensors[i];
    if (!t.defined()) throw Error("distributed: parameter " + std::to_string(i) + " is an undefined tensor");
    auto it = std::find_if(buckets.begin(), buckets.end(), [&](const Bucket& b) {
      return b.dtype == t.scalar_type() && b.device == t.device();
    });
    if (it == buckets.end()) {
      buckets.push_back(Bucket{t.scalar_type(), t.device(), {}});
      it = std::prev(buckets.end());
    }
    it->members.push_back(i);
  }
  return buckets;
}

// A summary of the tensors' count, sizes, dtypes and devices, equal on all ranks when the models agree.
std::vector<int64_t> layoutSignature(const std::vector<torch::Tensor>& tensors) {
  int64_t elements = 0;
  uint64_t hash = 1469598103934665603ull;  // FNV-1a over (dtype, rank, sizes...)
  auto mix = [&hash](uint64_t v) {
    for (int byte = 0; byte < 8; ++byte) {
      hash ^= (v >> (8 * byte)) & 0xff;
      hash *= 1099511628211ull;
    }
  };
  for (const auto& t : tensors) {
    elements += t.numel();
    mix(static_cast<uint64_t>(t.scalar_type()));
    mix(static_cast<uint64_t>(t.dim()));
    for (const auto size : t.sizes()) mix(static_cast<uint64_t>(size));
  }
  return {static_cast<int64_t>(tensors.size()), elements, static_cast<int64_t>(hash >> 2)};
}

}  // namespace

// ---- options ----------------------------------------------------------------------------------------------

void validateDistributedOptions(const DistributedOptions& o) {
  if (o.world_size < 1)
    throw Error("distributed: world size " + std::to_string(o.world_size) + " is invalid: expected at least 1");
  if (o.rank < 0 || o.rank >= o.world_size)
    throw Error("distributed: rank " + std::to_string(o.rank) + " is invalid: expected 0 to " +
                std::to_string(o.world_size - 1) + " for world size " + std::to_string(o.world_size));
  if (o.master_port < 1 || o.master_port > 65535)
    throw Error("distributed: master port " + std::to_string(o.master_port) + " is invalid: expected 1 to 65535");
  if (o.master_addr.empty()) throw Error("distributed: the master address is empty");
  if (o.backend != "auto" && o.backend != "gloo" && o.backend != "nccl")
    throw Error("distributed: backend '" + o.backend + "' is unknown: expected auto, gloo or nccl");
  if (!(o.timeout_seconds > 0) || !std::isfinite(o.timeout_seconds))
    throw Error("distributed: timeout " + std::to_string(o.timeout_seconds) + " s is invalid: expected > 0");
}

DistributedOptions distributedOptionsFromEnvironment(DistributedOptions options) {
  options.rank = intFromEnvironment("RANK", options.rank, 0, 1 << 20, "a whole number >= 0");
  options.world_size = intFromEnvironment("WORLD_SIZE", options.world_size, 1, 1 << 20, "a whole number >= 1");
  options.master_port = intFromEnvironment("MASTER_PORT", options.master_port, 1, 65535, "a port from 1 to 65535");
  if (const char* addr = std::getenv("MASTER_ADDR"); addr && *addr) {
    const std::string value = addr;
    if (value.find_first_of(" \t\r\n/") != std::string::npos)
      throw Error("environment variable MASTER_ADDR='" + value + "' is invalid: expected a host name or address");
    options.master_addr = value;
  }
  if (options.rank >= options.world_size) {
    const char* rank_env = std::getenv("RANK");
    const char* world_env = std::getenv("WORLD_SIZE");
    throw Error("environment variable RANK='" + std::string(rank_env ? rank_env : std::to_string(options.rank)) +
                "' is invalid: expected below WORLD_SIZE='" +
                std::string(world_env ? world_env : std::to_string(options.world_size)) + "'");
  }
  validateDistributedOptions(options);
  return options;
}

// ---- DataParallel -----------------------------------------------------------------------------------------

struct DataParallel::Impl {
  int rank = 0;
  int world = 1;
  std::string backend = "none";
  std::string where;  // "host:port", for messages
  std::chrono::milliseconds timeout{0};
  c10::intrusive_ptr<c10d::Store> store;
  c10::intrusive_ptr<c10d::ProcessGroup> group;
  std::vector<int64_t> gradient_layout;  // the parameters' layoutSignature last checked by averageGradients

  // The tensor the backend can communicate: Gloo (in a CPU LibTorch) takes host memory, NCCL device memory.
  torch::Tensor communicable(const torch::Tensor& t) const {
    if (backend == "gloo" && !t.is_cpu()) return t.to(torch::kCPU);
    if (backend == "nccl" && t.is_cpu()) return t.to(torch::kCUDA);
    return t;
  }

  std::string context() const {
    return "distributed rank " + std::to_string(rank) + "/" + std::to_string(world) + " (" + backend + ", " +
           where + ")";
  }

  // Runs a collective and waits for it; a failure or timeout becomes an aicl::Error naming the operation.
  template <typename Start>
  void run(const char* what, Start&& start) {
    try {
      auto work = start();
      work->wait();
    } catch (const Error&) {
      throw;
    } catch (const std::exception& e) {
      throw Error(context() + ": " + what + " failed (a peer exited, diverged or did not answer within " +
                  seconds(timeout) + "): " + reason(e));
    }
  }

  void allreduce(torch::Tensor& flat, c10d::ReduceOp op, const char* what) {
    torch::Tensor buffer = communicable(flat);
    std::vector<torch::Tensor> tensors{buffer};
    c10d::AllreduceOptions opts;
    opts.reduceOp = op;
    run(what, [&] { return group->allreduce(tensors, opts); });
    if (!buffer.is_same(flat)) flat.copy_(buffer);
  }

  // Every rank must pass tensors of the same count, sizes and dtypes; otherwise the flat buffers disagree and
  // Gloo would fail obscurely (or pair up the wrong bytes). One small all-reduce of MAX(s) and MAX(-s).
  void checkLayout(const std::vector<torch::Tensor>& tensors, const char* what) {
    const auto signature = layoutSignature(tensors);
    std::vector<int64_t> both(signature);
    for (const auto v : signature) both.push_back(-v);
    auto flat = torch::tensor(both, torch::kLong);
    allreduce(flat, c10d::ReduceOp::MAX, what);
    const auto* v = flat.data_ptr<int64_t>();
    const size_t n = signature.size();
    for (size_t i = 0; i < n; ++i) {
      if (v[i] != -v[n + i])
        throw Error(context() + ": " + what + ": the ranks pass different tensors (here " +
                    std::to_string(signature[0]) + " tensors, " + std::to_string(signature[1]) +
                    " elements; the largest on any rank: " + std::to_string(v[0]) + " tensors, " +
                    std::to_string(v[1]) + " elements); every rank must build the same model");
    }
  }
};

DataParallel::DataParallel(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
DataParallel::~DataParallel() = default;

std::unique_ptr<DataParallel> DataParallel::create(const DistributedOptions& options) {
  validateDistributedOptions(options);
  auto impl = std::make_unique<Impl>();
  impl->rank = options.rank;
  impl->world = options.world_size;
  impl->where = options.master_addr + ":" + std::to_string(options.master_port);
  impl->timeout = std::chrono::milliseconds(
      std::max<long long>(1, std::llround(std::min(options.timeout_seconds, 1e9) * 1000.0)));
  if (options.world_size == 1) return std::unique_ptr<DataParallel>(new DataParallel(std::move(impl)));

  std::string backend = options.backend;
  if (backend == "auto") backend = (AICL_WITH_NCCL && torch::cuda::is_available()) ? "nccl" : "gloo";
  if (backend == "nccl" && !AICL_WITH_NCCL)
    throw Error("distributed: backend 'nccl' is not available: this LibTorch was built without NCCL "
                "(Debian's libtorch is CPU-only); use backend 'gloo'");
  if (backend == "gloo" && !AICL_WITH_GLOO)
    throw Error("distributed: backend 'gloo' is not available: this build found no Gloo headers "
                "(install libgloo-dev and re-run CMake)");
  impl->backend = backend;

  // Rendezvous: rank 0 serves the store; every other rank connects to it. c10d counts its connect timeout in
  // whole seconds (below one second it gives up at once, even when connecting to its own server) and retries a
  // refused connection only at one-second steps, so the timeout is rounded up per attempt and a rank that starts
  // before rank 0 listens retries here until the deadline.
  const auto deadline = std::chrono::steady_clock::now() + impl->timeout;
  c10d::TCPStoreOptions store_options;
  store_options.port = static_cast<std::uint16_t>(options.master_port);
  store_options.isServer = options.rank == 0;
  store_options.waitWorkers = false;  // waited for below, with a clearer message
  c10::intrusive_ptr<c10d::Store> store;
  while (!store) {
    const auto remaining = options.rank == 0 ? impl->timeout : deadline - std::chrono::steady_clock::now();
    store_options.timeout = std::max<std::chrono::milliseconds>(
        std::chrono::ceil<std::chrono::seconds>(remaining), std::chrono::seconds(1));
    try {
      store = c10::make_intrusive<c10d::TCPStore>(options.master_addr, store_options);
    } catch (const std::exception& e) {
      if (options.rank == 0)
        throw Error(impl->context() + ": cannot serve the rendezvous store on port " +
                    std::to_string(options.master_port) +
                    " (is the port in use? set MASTER_PORT to a free one): " + reason(e));
      if (std::chrono::steady_clock::now() + std::chrono::milliseconds(50) >= deadline)
        throw Error(impl->context() + ": cannot reach the rendezvous store within " + seconds(impl->timeout) +
                    " (is rank 0 running, with the same MASTER_ADDR and MASTER_PORT?): " + reason(e));
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  store->setTimeout(impl->timeout);

  // Every rank counts itself in, then waits for the others.
  const std::string joined_key = "aicl/joined";
  int64_t joined = 0;
  try {
    joined = store->add(joined_key, 1);
    while (joined < options.world_size) {
      if (std::chrono::steady_clock::now() >= deadline) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      joined = store->add(joined_key, 0);
    }
  } catch (const std::exception& e) {
    throw Error(impl->context() + ": lost the rendezvous store while waiting for the other ranks: " + reason(e));
  }
  if (joined < options.world_size)
    throw Error(impl->context() + ": only " + std::to_string(joined) + " of " + std::to_string(options.world_size) +
                " ranks arrived within " + seconds(impl->timeout) +
                " (start every rank with the same MASTER_ADDR, MASTER_PORT and WORLD_SIZE)");
  if (joined > options.world_size)
    throw Error(impl->context() + ": " + std::to_string(joined) + " processes joined a world of " +
                std::to_string(options.world_size) + " (is another job using the same MASTER_PORT?)");

  // The process group keeps its keys apart from ours.
  auto group_store = c10::make_intrusive<c10d::PrefixStore>("aicl/" + backend, store);
  try {
#if AICL_WITH_GLOO
    if (backend == "gloo") {
      auto gloo_options = c10d::ProcessGroupGloo::Options::create(impl->timeout);
      const char* interface = std::getenv("GLOO_SOCKET_IFNAME");
      if (interface && *interface)
        gloo_options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(interface));
      else
        gloo_options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname(
            localAddressTowards(options.master_addr, options.master_port)));
      impl->group = c10::make_intrusive<c10d::ProcessGroupGloo>(group_store, options.rank, options.world_size,
                                                                gloo_options);
    }
#endif
#if AICL_WITH_NCCL
    if (backend == "nccl") {
      auto nccl_options = c10d::ProcessGroupNCCL::Options::create();
      nccl_options->timeout = impl->timeout;
      impl->group = c10::make_intrusive<c10d::ProcessGroupNCCL>(group_store, options.rank, options.world_size,
                                                                nccl_options);
    }
#endif
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Error(impl->context() + ": cannot connect the " + backend + " process group within " +
                seconds(impl->timeout) + ": " + reason(e));
  }
  if (!impl->group) throw Error(impl->context() + ": no process group for backend '" + backend + "'");
  impl->store = store;

  if (options.rank == 0)
    logger()->info("distributed: {} ranks joined at {} ({})", options.world_size, impl->where, backend);
  return std::unique_ptr<DataParallel>(new DataParallel(std::move(impl)));
}

int DataParallel::rank() const { return impl_->rank; }
int DataParallel::worldSize() const { return impl_->world; }
bool DataParallel::isMain() const { return impl_->rank == 0; }
const std::string& DataParallel::backend() const { return impl_->backend; }

void DataParallel::broadcastParameters(std::vector<torch::Tensor> params, int root) {
  if (root < 0 || root >= impl_->world)
    throw Error("distributed: broadcast root " + std::to_string(root) + " is not a rank of a world of " +
                std::to_string(impl_->world));
  if (impl_->world == 1) return;
  torch::NoGradGuard no_grad;
  for (size_t i = 0; i < params.size(); ++i)
    if (!params[i].defined()) throw Error("distributed: parameter " + std::to_string(i) + " is an undefined tensor");
  impl_->checkLayout(params, "broadcastParameters");
  for (const auto& bucket : bucketsOf(params)) {
    std::vector<torch::Tensor> parts;
    parts.reserve(bucket.members.size());
    for (const auto i : bucket.members) parts.push_back(params[i].detach().reshape({-1}));
    const torch::Tensor flat = impl_->communicable(torch::cat(parts));
    std::vector<torch::Tensor> tensors{flat};
    c10d::BroadcastOptions opts;
    opts.rootRank = root;
    impl_->run("broadcastParameters", [&] { return impl_->group->broadcast(tensors, opts); });
    int64_t offset = 0;
    for (const auto i : bucket.members) {
      auto& p = params[i];
      const int64_t n = p.numel();
      p.detach().copy_(flat.narrow(0, offset, n).view(p.sizes()));
      offset += n;
    }
  }
}

void DataParallel::averageGradients(const std::vector<torch::Tensor>& params) {
  if (impl_->world == 1) return;
  torch::NoGradGuard no_grad;
  for (size_t i = 0; i < params.size(); ++i) {
    if (!params[i].defined()) throw Error("distributed: parameter " + std::to_string(i) + " is an undefined tensor");
    const auto& grad = params[i].grad();
    if (grad.defined() && grad.is_sparse())
      throw Error("distributed: parameter " + std::to_string(i) + " has a sparse gradient, which is not supported");
  }
  // Checked on the first call and whenever the parameter list changes (all ranks change it together).
  if (auto layout = layoutSignature(params); layout != impl_->gradient_layout) {
    impl_->checkLayout(params, "averageGradients");
    impl_->gradient_layout = std::move(layout);
  }
  const double world = static_cast<double>(impl_->world);
  for (const auto& bucket : bucketsOf(params)) {
    // [grad 0 | grad 1 | ... | has-grad flags]: the flags' sum tells whether any rank had a gradient.
    std::vector<torch::Tensor> parts;
    parts.reserve(bucket.members.size() + 1);
    std::vector<double> has_grad;
    has_grad.reserve(bucket.members.size());
    for (const auto i : bucket.members) {
      const auto& p = params[i];
      const auto& grad = p.grad();
      if (grad.defined())
        parts.push_back(grad.detach().reshape({-1}).to(p.scalar_type()));
      else
        parts.push_back(torch::zeros({p.numel()}, p.options().requires_grad(false)));
      has_grad.push_back(grad.defined() ? 1.0 : 0.0);
    }
    parts.push_back(torch::tensor(has_grad, torch::kDouble).to(parts.front().options()));
    torch::Tensor flat = torch::cat(parts);
    parts.clear();
    impl_->allreduce(flat, c10d::ReduceOp::SUM, "averageGradients");
    flat.div_(world);

    const int64_t total = flat.numel() - static_cast<int64_t>(bucket.members.size());
    const auto any_grad = flat.narrow(0, total, static_cast<int64_t>(bucket.members.size())).to(torch::kCPU, torch::kDouble);
    const auto* any = any_grad.data_ptr<double>();
    int64_t offset = 0;
    for (size_t k = 0; k < bucket.members.size(); ++k) {
      const auto& p = params[bucket.members[k]];
      const int64_t n = p.numel();
      auto mean = flat.narrow(0, offset, n).view(p.sizes());
      offset += n;
      auto& grad = p.mutable_grad();
      if (grad.defined())
        grad.copy_(mean);
      else if (any[k] > 0)
        grad = mean.clone();
    }
  }
}

double DataParallel::averageScalar(double value) {
  if (impl_->world == 1) return value;
  torch::Tensor flat = torch::full({1}, value, torch::kDouble);
  impl_->allreduce(flat, c10d::ReduceOp::SUM, "averageScalar");
  return flat.item<double>() / static_cast<double>(impl_->world);
}

void DataParallel::barrier() {
  if (impl_->world == 1) return;
  impl_->run("barrier", [&] { return impl_->group->barrier(); });
}

}  // namespace aicl::train
