# Data-parallel training over c10d process groups (see distributed.h). Included from engine/CMakeLists.txt.
#
# Gloo: Debian's libtorch exports the c10d::ProcessGroupGloo symbols, but ProcessGroupGloo.hpp includes Gloo's own
# headers, which come with libgloo-dev (/usr/include/gloo, /usr/lib/libgloo.so). They are found by path rather
# than through Gloo's CMake package: its imported target is directory-scoped, and the tests link this library
# from another directory. Without them the library still builds; DataParallel then refuses a world larger than
# one with an error that names the missing package.
find_path(AICL_GLOO_INCLUDE_DIR gloo/config.h)
find_library(AICL_GLOO_LIBRARY gloo)
find_path(AICL_C10D_GLOO_INCLUDE_DIR torch/csrc/distributed/c10d/ProcessGroupGloo.hpp HINTS ${TORCH_INCLUDE_DIRS})
if(AICL_GLOO_INCLUDE_DIR AND AICL_GLOO_LIBRARY AND AICL_C10D_GLOO_INCLUDE_DIR)
  set(_aicl_with_gloo 1)
endif()
if(NOT _aicl_with_gloo)
  set(_aicl_with_gloo 0)
  message(WARNING "Gloo headers or library not found (install libgloo-dev): multi-process training is disabled.")
endif()

# NCCL: only a CUDA LibTorch (TorchConfig sets TORCH_CUDA_LIBRARIES) can carry c10d::ProcessGroupNCCL.
if(TORCH_CUDA_LIBRARIES)
  set(_aicl_nccl_default ON)
else()
  set(_aicl_nccl_default OFF)
endif()
option(AICL_WITH_NCCL "Offer the NCCL backend for data-parallel training (needs a CUDA LibTorch built with NCCL)"
       ${_aicl_nccl_default})

aicl_torch_library(aicl_distributed)
target_sources(aicl_distributed PRIVATE ${CMAKE_CURRENT_LIST_DIR}/distributed.cpp)
target_compile_definitions(aicl_distributed PRIVATE AICL_WITH_GLOO=${_aicl_with_gloo}
                                                    AICL_WITH_NCCL=$<BOOL:${AICL_WITH_NCCL}>)
if(_aicl_with_gloo)
  target_include_directories(aicl_distributed SYSTEM PRIVATE ${AICL_GLOO_INCLUDE_DIR})
  target_link_libraries(aicl_distributed PRIVATE ${AICL_GLOO_LIBRARY})
endif()

# The trainers (aicl train, train-backbone, train-vae).
aicl_torch_library(aicl_train aicl_distributed aicl_adapter aicl_text aicl_vae aicl_unet aicl_sampling aicl_actionworld)
target_sources(aicl_train PRIVATE ${CMAKE_CURRENT_LIST_DIR}/train_loop.cpp ${CMAKE_CURRENT_LIST_DIR}/clip_dataset.cpp
                                  ${CMAKE_CURRENT_LIST_DIR}/diffusion_tasks.cpp ${CMAKE_CURRENT_LIST_DIR}/training.cpp)
# One translation unit, as the other torch libraries (engine/CMakeLists.txt).
set_target_properties(aicl_train PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE 0)
target_link_libraries(aicl_engine PUBLIC aicl_train)
