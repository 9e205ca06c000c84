// aicl train / train-backbone / train-vae: the trainers, with a progress bar (rate and ETA) on stderr.
#include <cstdio>

#include "aicl/error.h"
#include "aicl/logging.h"
#include "aicl/runtime.h"
#include "aicl/training.h"
#include "arguments.h"
#include "progress_bar.h"

namespace aicl::cli {
namespace {

int runTrainingCommand(const Args& args, TrainingTarget target, const char* name) {
  try {
    const Arguments arguments(args,
                              {"data", "out", "config", "vae", "model", "frames", "size", "steps", "batch", "lr",
                               "beta1", "beta2", "weight-decay", "clip-grad", "warmup", "decay-from", "min-snr-gamma", "checkpoint-every", "seed",
                               "condition-dropout", "action-dropout", "output-lr-mult", "ema-decay", "ema-warmup",
                               "validate-every", "validation-data", "validation-clips", "rank", "world-size", "master-addr", "master-port", "threads"},
                              {"resume", "bf16"});
    TrainingRequest request = defaultTrainingRequest(target);
    request.data = arguments.required("data");
    request.out = arguments.required("out");
    request.config = arguments.required("config");
    if (target == TrainingTarget::Backbone) request.vae = arguments.required("vae");
    if (target == TrainingTarget::Adapter) request.model = arguments.required("model");
    request.frames = arguments.integer("frames", request.frames, 1, 256);
    request.size = arguments.integer("size", request.size, 8, 1024);
    request.steps = arguments.integer("steps", static_cast<int>(request.steps), 1, 100000000);
    request.batch = arguments.integer("batch", static_cast<int>(request.batch), 1, 100000);
    request.lr = arguments.number("lr", request.lr, 0.0, 1.0);
    request.beta1 = arguments.number("beta1", request.beta1, 0.0, 1.0);
    request.beta2 = arguments.number("beta2", request.beta2, 0.0, 1.0);
    request.weight_decay = arguments.number("weight-decay", request.weight_decay, 0.0, 10.0);
    request.clip_grad_norm = arguments.number("clip-grad", request.clip_grad_norm, 0.0, 1e6);
    request.warmup_steps = arguments.integer("warmup", 0, 0, 100000000);
    request.decay_from = arguments.integer("decay-from", -1, 0, 100000000);
    request.min_snr_gamma = arguments.number("min-snr-gamma", request.min_snr_gamma, 0.0, 1000.0);
    request.checkpoint_every = arguments.integer("checkpoint-every", static_cast<int>(request.checkpoint_every), 1, 100000000);
    request.seed = arguments.unsignedInteger("seed", request.seed);
    request.condition_dropout = arguments.number("condition-dropout", request.condition_dropout, 0.0, 1.0);
    request.action_dropout = arguments.number("action-dropout", request.action_dropout, 0.0, 1.0);
    request.output_lr_multiplier = arguments.number("output-lr-mult", request.output_lr_multiplier, 0.0, 1e6);
    request.ema_decay = arguments.number("ema-decay", request.ema_decay, 0.0, 0.999999);
    request.ema_warmup = arguments.integer("ema-warmup", static_cast<int>(request.ema_warmup), 1, 100000000);
    request.validate_every = arguments.integer("validate-every", 0, 0, 100000000);
    request.validation_data = arguments.value("validation-data").value_or("");
    request.validation_clips = arguments.integer("validation-clips", static_cast<int>(request.validation_clips), 1, 10000);
    request.resume = arguments.has("resume");
    request.bf16 = arguments.has("bf16");
    request.rank = arguments.integer("rank", 0, 0, 65535);
    request.world_size = arguments.integer("world-size", 1, 1, 65536);
    request.master_addr = arguments.value("master-addr").value_or(request.master_addr);
    request.master_port = arguments.integer("master-port", request.master_port, 1, 65535);
    RuntimeOptions runtime = defaultRuntimeOptions();
    runtime.threads = arguments.integer("threads", 0, 0, 1024);
    const auto info = initRuntime(runtime);
    if (request.bf16 && !info.cpu_bf16) {
      // Emulated bfloat16 runs ~20x slower than float32 (bench_train): mixed precision only pays with native bf16.
      logger()->warn("--bf16: this CPU has no native bfloat16 (AVX-512 BF16 or AMX); training in float32 instead");
      request.bf16 = false;
    }

    ProgressBar preparing("preparing");
    ProgressBar training(name);
    TrainingCallbacks callbacks;
    callbacks.preparing = [&](const std::string&, int64_t done, int64_t total) {
      if (done == total || done % 64 == 0) preparing.update(done, total);
    };
    callbacks.progress = [&](int64_t step, int64_t steps, double loss, double) {
      training.update(step, steps);
      if (step % 50 == 0 || step == steps) logger()->info("step {}/{}: loss {:.5f}", step, steps, loss);
    };
    const auto summary = trainModel(request, callbacks);
    training.finish();
    std::printf("%s: steps %lld..%lld, final loss %.5f, model %s\n", name, static_cast<long long>(summary.first_step),
                static_cast<long long>(summary.steps), summary.final_loss, summary.model.string().c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "aicl %s: %s\n", name, e.what());
    return 1;
  }
}

}  // namespace

int runTrain(const Args& args) { return runTrainingCommand(args, TrainingTarget::Adapter, "train"); }
int runTrainBackbone(const Args& args) { return runTrainingCommand(args, TrainingTarget::Backbone, "train-backbone"); }
int runTrainVae(const Args& args) { return runTrainingCommand(args, TrainingTarget::Vae, "train-vae"); }

}  // namespace aicl::cli
