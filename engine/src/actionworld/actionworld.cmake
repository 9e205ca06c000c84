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
)
target_include_directories(aicl_actionworld PUBLIC ${AICL_ENGINE_INCLUDE} PRIVATE ${AICL_ENGINE_SRC})
target_link_libraries(aicl_actionworld PUBLIC aicl_video PRIVATE aicl_opencv)
aicl_set_warnings(aicl_actionworld)
