target_sources(aicl_echoreel PRIVATE src/echoreel/lvdm_unet_config.cpp src/echoreel/lvdm_temporal_attention.cpp
                                     src/echoreel/lvdm_blocks.cpp src/echoreel/lvdm_transformer.cpp
                                     src/echoreel/echoreel_prism.cpp src/echoreel/lvdm_unet.cpp)
