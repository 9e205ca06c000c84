aicl_gtest(test_video_reader LIBS aicl_video SOURCES engine/test_video_reader.cpp)
aicl_gtest(test_video_writer LIBS aicl_video SOURCES engine/test_video_writer.cpp)
aicl_gtest(test_video_orientation LIBS aicl_video aicl_opencv SOURCES engine/test_video_orientation.cpp)
