target_sources(aicl_adapter PRIVATE src/aicl/adapter_config.cpp src/aicl/relative_attention.cpp
                                    src/aicl/action_prism.cpp src/aicl/action_integration.cpp src/aicl/adapter.cpp)
