target_sources(aicl_unet PRIVATE src/unet/unet3d_config.cpp src/unet/transformers.cpp src/unet/unet3d.cpp
                                 src/unet/unet3d_flops.cpp)
