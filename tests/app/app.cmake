# The tiny fixture model's random AICL adapter, written once before the app tests that run AICL.
if(AICL_TINY_MODEL_AVAILABLE)
  aicl_executable(make_tiny_adapter support/make_tiny_adapter.cpp)
  set_target_properties(make_tiny_adapter PROPERTIES AUTOMOC OFF AUTOUIC OFF)
  target_include_directories(make_tiny_adapter PRIVATE ${PROJECT_SOURCE_DIR}/tests/support ${PROJECT_SOURCE_DIR}/engine/src)
  target_link_libraries(make_tiny_adapter PRIVATE aicl_adapter aicl_unet)
  target_precompile_headers(make_tiny_adapter REUSE_FROM aicl_torch_core)
  add_test(NAME tiny_adapter COMMAND make_tiny_adapter ${AICL_TINY_MODEL_DIR} ${PROJECT_BINARY_DIR}/tiny-adapter)
  set_tests_properties(tiny_adapter PROPERTIES FIXTURES_SETUP tiny_adapter)
endif()

# App tests that run the engine find the tiny model and its adapter here.
function(aicl_app_test name)
  aicl_qtest(${name} LIBS aicl_app aicl_actionworld SOURCES app/${name}.cpp)
  target_compile_definitions(${name} PRIVATE AICL_TINY_MODEL_DIR="${AICL_TINY_MODEL_DIR}"
                                             AICL_TINY_ADAPTER_DIR="${PROJECT_BINARY_DIR}/tiny-adapter"
                                             AICL_TINY_ECHOREEL_DIR="${AICL_TINY_ECHOREEL_DIR}")
  if(AICL_TINY_MODEL_AVAILABLE)
    set_tests_properties(${name} PROPERTIES FIXTURES_REQUIRED tiny_adapter)
  endif()
  if(AICL_TINY_ECHOREEL_AVAILABLE)
    set_property(TEST ${name} APPEND PROPERTY FIXTURES_REQUIRED tiny_echoreel)
  endif()
endfunction()

aicl_qtest(test_engine_worker LIBS aicl_app SOURCES app/test_engine_worker.cpp)
aicl_qtest(test_generation_settings LIBS aicl_app SOURCES app/test_generation_settings.cpp)
aicl_qtest(test_project_store LIBS aicl_app SOURCES app/test_project_store.cpp)
aicl_app_test(test_controller)
aicl_app_test(test_main_window)
aicl_app_test(test_gui_e2e)
aicl_qtest(test_first_run LIBS aicl_app SOURCES app/test_first_run.cpp)
set_tests_properties(test_first_run PROPERTIES LABELS gui TIMEOUT 600)
set_tests_properties(test_gui_e2e PROPERTIES LABELS gui TIMEOUT 900)
aicl_qtest(test_training_panel LIBS aicl_app SOURCES app/test_training_panel.cpp)
# Switching the interface language while the window is open (the default model, the German translation).
aicl_qtest(test_language_change LIBS aicl_app SOURCES app/test_language_change.cpp)
set_tests_properties(test_language_change PROPERTIES LABELS gui)
