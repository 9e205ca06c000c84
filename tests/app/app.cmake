aicl_qtest(test_engine_worker LIBS aicl_app SOURCES app/test_engine_worker.cpp)
aicl_qtest(test_main_window LIBS aicl_app SOURCES app/test_main_window.cpp)
