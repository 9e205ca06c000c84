target_sources(aicl_backbone PRIVATE src/backbone/denoiser.cpp src/backbone/unet3d_denoiser.cpp
                                     src/backbone/echoreel_denoiser.cpp)
# One translation unit: each torch file would otherwise load the precompiled torch header again.
set_target_properties(aicl_backbone PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE 0)
