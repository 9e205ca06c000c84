aicl_qtest(test_drop_zone LIBS aicl_widgets SOURCES widgets/test_drop_zone.cpp)
aicl_qtest(test_reference_list LIBS aicl_widgets SOURCES widgets/test_reference_list.cpp)
aicl_qtest(test_feature_plot LIBS aicl_widgets SOURCES widgets/test_feature_plot.cpp)
aicl_qtest(test_video_player LIBS aicl_widgets SOURCES widgets/test_video_player.cpp)
aicl_qtest(test_comparison_view LIBS aicl_widgets SOURCES widgets/test_comparison_view.cpp)
aicl_qtest(test_job_list LIBS aicl_widgets SOURCES widgets/test_job_list.cpp)
aicl_qtest(test_loss_plot LIBS aicl_widgets SOURCES widgets/test_loss_plot.cpp)
aicl_qtest(test_validation_plot LIBS aicl_widgets SOURCES widgets/test_validation_plot.cpp)
aicl_qtest(test_settings_dialog LIBS aicl_widgets SOURCES widgets/test_settings_dialog.cpp)
aicl_qtest(test_gallery LIBS aicl_widgets SOURCES widgets/test_gallery.cpp)
# The motion view, fed by the engine's optical flow through the app's converters (header-only, no torch).
aicl_qtest(test_motion_view LIBS aicl_widgets aicl_dense_motion SOURCES widgets/test_motion_view.cpp)
target_include_directories(test_motion_view PRIVATE ${PROJECT_SOURCE_DIR}/app)
set_source_files_properties(widgets/test_feature_plot.cpp widgets/test_loss_plot.cpp widgets/test_validation_plot.cpp
                            widgets/test_motion_view.cpp PROPERTIES COMPILE_OPTIONS "-UQT_NO_KEYWORDS"
                            SKIP_PRECOMPILE_HEADERS ON)  # the precompiled Qt header has the keywords off
