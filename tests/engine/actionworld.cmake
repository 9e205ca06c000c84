# ActionWorld: vocabulary, rendering, datasets, the motion judge and the evaluation tally.
aicl_gtest(test_actionworld LIBS aicl_actionworld
           SOURCES engine/test_actionworld.cpp engine/test_actionworld_judge.cpp)
