target_sources(aicl_nn PRIVATE src/nn/resnet_block.cpp src/nn/resampling.cpp src/nn/attention.cpp
                               src/nn/attention_grad.cpp src/nn/norm.cpp src/nn/geglu.cpp)
# The fused CPU kernels split their work with at::parallel_for, an inline template that runs everything on the
# calling thread unless its translation unit is compiled with OpenMP (Debian's TorchConfig passes no -fopenmp). So
# they are compiled with OpenMP and without the shared precompiled header (made without it, the ATen header inside
# stays serial), and link the OpenMP runtime LibTorch itself uses (libgomp), whose threads they then share.
find_package(OpenMP REQUIRED COMPONENTS CXX)
set_source_files_properties(src/nn/attention.cpp src/nn/attention_grad.cpp src/nn/norm.cpp src/nn/geglu.cpp
                            PROPERTIES SKIP_PRECOMPILE_HEADERS ON COMPILE_OPTIONS "${OpenMP_CXX_FLAGS}")
target_link_libraries(aicl_nn PRIVATE $<LINK_ONLY:OpenMP::OpenMP_CXX>)
