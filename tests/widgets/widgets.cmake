aicl_qtest(test_drop_zone LIBS aicl_widgets SOURCES widgets/test_drop_zone.cpp)
aicl_qtest(test_reference_list LIBS aicl_widgets SOURCES widgets/test_reference_list.cpp)
aicl_qtest(test_feature_plot LIBS aicl_widgets SOURCES widgets/test_feature_plot.cpp)
set_source_files_properties(widgets/test_feature_plot.cpp PROPERTIES COMPILE_OPTIONS "-UQT_NO_KEYWORDS")
