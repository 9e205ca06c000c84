# Data-parallel training (engine/src/train/distributed.*). The multi-process test starts distributed_worker once per
# rank, plus once for the single-process reference run.
aicl_executable(distributed_worker ${CMAKE_CURRENT_LIST_DIR}/distributed_worker.cpp)
target_include_directories(distributed_worker PRIVATE ${PROJECT_SOURCE_DIR}/engine/src)
target_link_libraries(distributed_worker PRIVATE aicl_distributed)
target_precompile_headers(distributed_worker REUSE_FROM aicl_torch_core)

aicl_gtest(test_distributed TORCH LIBS aicl_distributed SOURCES engine/test_distributed.cpp)
target_compile_definitions(test_distributed PRIVATE AICL_DISTRIBUTED_WORKER="$<TARGET_FILE:distributed_worker>"
                                                    AICL_WITH_NCCL=$<BOOL:${AICL_WITH_NCCL}>)
add_dependencies(test_distributed distributed_worker)
