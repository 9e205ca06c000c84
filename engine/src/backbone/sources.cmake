target_sources(aicl_backbone PRIVATE src/backbone/denoiser.cpp src/backbone/unet3d_denoiser.cpp
                                     src/backbone/echoreel_denoiser.cpp)
