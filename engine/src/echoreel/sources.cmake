target_sources(aicl_echoreel PRIVATE src/echoreel/lvdm_unet_config.cpp src/echoreel/lvdm_temporal_attention.cpp
                                     src/echoreel/lvdm_blocks.cpp src/echoreel/lvdm_transformer.cpp
                                     src/echoreel/echoreel_prism.cpp src/echoreel/lvdm_unet.cpp)
# One translation unit for the five torch files: each would otherwise load the precompiled torch header again.
set_target_properties(aicl_echoreel PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE 0)
set_source_files_properties(src/echoreel/lvdm_unet_config.cpp PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)
