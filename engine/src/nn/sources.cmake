target_sources(aicl_nn PRIVATE src/nn/resnet_block.cpp src/nn/resampling.cpp src/nn/attention.cpp src/nn/norm.cpp
                               src/nn/geglu.cpp)
