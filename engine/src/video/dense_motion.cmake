# The motion view's dense optical flow (OpenCV video module, no torch). Included from engine/CMakeLists.txt, so
# paths are relative to engine/.
add_library(aicl_dense_motion STATIC src/video/dense_motion.cpp)
target_include_directories(aicl_dense_motion PUBLIC ${AICL_ENGINE_INCLUDE} PRIVATE ${AICL_ENGINE_SRC})
target_link_libraries(aicl_dense_motion PUBLIC aicl_io PRIVATE aicl_opencv)
aicl_set_warnings(aicl_dense_motion)
target_link_libraries(aicl_engine PUBLIC aicl_dense_motion)
