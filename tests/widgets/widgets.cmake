aicl_qtest(test_drop_zone LIBS aicl_widgets SOURCES widgets/test_drop_zone.cpp)
aicl_qtest(test_reference_list LIBS aicl_widgets SOURCES widgets/test_reference_list.cpp)
aicl_qtest(test_feature_plot LIBS aicl_widgets SOURCES widgets/test_feature_plot.cpp)
aicl_qtest(test_video_player LIBS aicl_widgets SOURCES widgets/test_video_player.cpp)
aicl_qtest(test_comparison_view LIBS aicl_widgets SOURCES widgets/test_comparison_view.cpp)
aicl_qtest(test_job_list LIBS aicl_widgets SOURCES widgets/test_job_list.cpp)
aicl_qtest(test_loss_plot LIBS aicl_widgets SOURCES widgets/test_loss_plot.cpp)
set_source_files_properties(widgets/test_feature_plot.cpp widgets/test_loss_plot.cpp PROPERTIES COMPILE_OPTIONS
                            "-UQT_NO_KEYWORDS")
