# ActionWorld: a procedural video dataset of shapes performing actions, and a motion judge (OpenCV, no torch).
# Included from engine/CMakeLists.txt, so paths are relative to engine/.
add_library(aicl_actionworld STATIC
  src/actionworld/vocabulary.cpp
  src/actionworld/motion.cpp
  src/actionworld/render.cpp
  src/actionworld/fit.cpp
  src/actionworld/judge.cpp
  src/actionworld/dataset.cpp
  src/actionworld/tally.cpp
  src/actionworld/examples.cpp
)
target_include_directories(aicl_actionworld PUBLIC ${AICL_ENGINE_INCLUDE} PRIVATE ${AICL_ENGINE_SRC})
target_link_libraries(aicl_actionworld PUBLIC aicl_video PRIVATE aicl_opencv)
aicl_set_warnings(aicl_actionworld)

# `aicl eval`: generation with and without AICL scored by the judge (the pipeline's public interface only).
add_library(aicl_evaluation STATIC src/actionworld/evaluation.cpp)
target_include_directories(aicl_evaluation PUBLIC ${AICL_ENGINE_INCLUDE})
target_link_libraries(aicl_evaluation PUBLIC aicl_actionworld aicl_pipeline)
aicl_set_warnings(aicl_evaluation)
target_link_libraries(aicl_engine PUBLIC aicl_evaluation)
