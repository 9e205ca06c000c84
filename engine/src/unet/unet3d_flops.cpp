#include "unet/unet3d_flops.h"

#include <vector>

namespace aicl::unet {
namespace {

// Walks the UNet in forward order, adding up each layer's multiply-adds at the current resolution.
class FlopCounter {
 public:
  FlopCounter(const UNet3DConfig& config, const UNet3DInputShape& shape) : c_(config), s_(shape) {
    images_ = static_cast<double>(shape.batch * shape.frames);
  }

  UNet3DFlops run() {
    const int64_t c0 = c_.block_out_channels.front();
    const int64_t temb = c_.timeEmbedDim();
    flops_.linears += 2.0 * s_.batch * (c0 * temb + temb * temb);  // before the per-frame repeat
    int64_t h = s_.height, w = s_.width;
    conv(c_.in_channels, c0, 9, h, w);
    temporalTransformer(c0, 8, c_.attention_head_dim, h, w);

    const int64_t blocks = static_cast<int64_t>(c_.block_out_channels.size());
    std::vector<std::pair<int64_t, int64_t>> sizes{{h, w}};  // resolution of each level
    int64_t channels = c0;
    for (int64_t i = 0; i < blocks; ++i) {
      const int64_t out = c_.block_out_channels[i];
      for (int64_t l = 0; l < c_.layers_per_block; ++l) {
        resnet(l == 0 ? channels : out, out, h, w);
        temporalConv(out, h, w);
        if (c_.down_block_types[i] == "CrossAttnDownBlock3D") transformers(out, h, w);
      }
      channels = out;
      if (i < blocks - 1) {
        // 3x3, stride 2, padding downsample_padding.
        h = (h + 2 * c_.downsample_padding - 3) / 2 + 1;
        w = (w + 2 * c_.downsample_padding - 3) / 2 + 1;
        conv(out, out, 9, h, w);
        sizes.emplace_back(h, w);
      }
    }
    resnet(channels, channels, h, w);
    temporalConv(channels, h, w);
    transformers(channels, h, w);
    resnet(channels, channels, h, w);
    temporalConv(channels, h, w);

    for (int64_t i = 0; i < blocks; ++i) {
      const int64_t out = c_.block_out_channels[blocks - 1 - i];
      const int64_t skip_in = c_.block_out_channels[std::max<int64_t>(0, blocks - 2 - i)];
      const int64_t layers = c_.layers_per_block + 1;
      for (int64_t l = 0; l < layers; ++l) {
        const int64_t skip = l == layers - 1 ? skip_in : out;
        resnet((l == 0 ? channels : out) + skip, out, h, w);
        temporalConv(out, h, w);
        if (c_.up_block_types[i] == "CrossAttnUpBlock3D") transformers(out, h, w);
      }
      channels = out;
      if (i < blocks - 1) {
        std::tie(h, w) = sizes[blocks - 2 - i];  // nearest upsampling to the skip's size, then 3x3
        conv(out, out, 9, h, w);
      }
    }
    conv(c0, c_.out_channels, 9, h, w);
    return flops_;
  }

 private:
  void conv(int64_t in, int64_t out, int64_t taps, int64_t h, int64_t w) {
    flops_.convolutions += 2.0 * images_ * h * w * in * out * taps;
  }
  void linear(int64_t in, int64_t out, double tokens) { flops_.linears += 2.0 * tokens * in * out; }

  void resnet(int64_t in, int64_t out, int64_t h, int64_t w) {
    conv(in, out, 9, h, w);
    linear(c_.timeEmbedDim(), out, images_);
    conv(out, out, 9, h, w);
    if (in != out) conv(in, out, 1, h, w);
  }
  void temporalConv(int64_t channels, int64_t h, int64_t w) {
    for (int i = 0; i < 4; ++i) conv(channels, channels, 3, h, w);  // (3, 1, 1) kernels over frames
  }
  // One attention over `queries` x `keys` per sequence, `sequences` sequences: scores and weighted sum.
  static double attentionCore(double sequences, int64_t heads, int64_t dim_head, int64_t queries, int64_t keys) {
    return 2.0 * 2.0 * sequences * heads * queries * keys * dim_head;
  }
  // BasicTransformerBlock's projections and GEGLU feed-forward (the attention cores are added by the caller).
  void blockLinears(int64_t inner, double tokens, int64_t context_dim, double context_tokens) {
    linear(inner, inner, tokens * 3);  // attn1 q, k, v
    linear(inner, inner, tokens);      // attn1 out
    linear(inner, inner, tokens);      // attn2 q
    linear(context_dim, inner, context_tokens * 2);  // attn2 k, v
    linear(inner, inner, tokens);                    // attn2 out
    linear(inner, inner * 8, tokens);                // ff.net.0.proj (value and gate)
    linear(inner * 4, inner, tokens);                // ff.net.2
  }
  void transformers(int64_t channels, int64_t h, int64_t w) {
    const int64_t heads = channels / c_.attention_head_dim;
    spatialTransformer(channels, heads, c_.attention_head_dim, h, w);
    temporalTransformer(channels, heads, c_.attention_head_dim, h, w);
  }
  void spatialTransformer(int64_t channels, int64_t heads, int64_t dim_head, int64_t h, int64_t w) {
    const int64_t inner = heads * dim_head;
    const double tokens = images_ * h * w;
    linear(channels, inner, tokens);
    blockLinears(inner, tokens, c_.cross_attention_dim, images_ * s_.text_tokens);
    flops_.spatial_attention += attentionCore(images_, heads, dim_head, h * w, h * w);
    flops_.spatial_attention += attentionCore(images_, heads, dim_head, h * w, s_.text_tokens);
    linear(inner, channels, tokens);
  }
  void temporalTransformer(int64_t channels, int64_t heads, int64_t dim_head, int64_t h, int64_t w) {
    const int64_t inner = heads * dim_head;
    const double tokens = images_ * h * w;
    linear(channels, inner, tokens);
    blockLinears(inner, tokens, inner, tokens);  // attn2 is a second self-attention
    const double sequences = static_cast<double>(s_.batch) * h * w;
    flops_.temporal_attention += 2 * attentionCore(sequences, heads, dim_head, s_.frames, s_.frames);
    linear(inner, channels, tokens);
  }

  const UNet3DConfig& c_;
  UNet3DInputShape s_;
  double images_ = 0;
  UNet3DFlops flops_;
};

}  // namespace

UNet3DFlops estimateUNet3DFlops(const UNet3DConfig& config, const UNet3DInputShape& shape) {
  return FlopCounter(config, shape).run();
}

}  // namespace aicl::unet
