# The installer and the translations: the desktop file and the AppStream metadata validate, the Qt Linguist files
# agree with their compiled form, and the DEB package of this build installs working programs (LABEL package).
set(_aicl_skip 77)  # what the scripts below exit with when a tool they need is missing
set(_aicl_if_found "${CMAKE_CURRENT_SOURCE_DIR}/installer/run_if_found.sh")

if(AICL_BUILD_GUI)
  add_test(NAME installer_desktop_entry
           COMMAND ${_aicl_if_found} desktop-file-validate "${PROJECT_SOURCE_DIR}/installer/aicl-studio.desktop")
  add_test(NAME installer_metainfo
           COMMAND ${_aicl_if_found} appstreamcli validate --no-net
                   "${PROJECT_SOURCE_DIR}/installer/io.example.aiclstudio.metainfo.xml")
  set_tests_properties(installer_desktop_entry installer_metainfo PROPERTIES
                       SKIP_RETURN_CODE ${_aicl_skip} TIMEOUT 60 LABELS installer)

  aicl_qtest(test_translations SOURCES installer/test_translations.cpp)
  target_compile_definitions(test_translations PRIVATE AICL_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  add_dependencies(test_translations aicl_app_lrelease)  # the .qm files it compares with the .ts files
  set_tests_properties(test_translations PROPERTIES LABELS installer)
endif()

# Packs this build with cpack (which installs what is built: aicl and aicl-studio must be), unpacks the DEB with
# dpkg-deb into a temporary root and runs the packaged programs there. Skips when dpkg-deb is missing.
if(AICL_BUILD_GUI)
  set(_aicl_gui ON)
else()
  set(_aicl_gui OFF)
endif()
set(_aicl_stand_in "")
if(AICL_TINY_MODEL_AVAILABLE)
  set(_aicl_stand_in "${AICL_TINY_MODEL_DIR}")  # stands in for the default model until that ships
endif()
add_test(NAME installer_package
         COMMAND "${CMAKE_CURRENT_SOURCE_DIR}/installer/check_package.sh" "${CMAKE_CPACK_COMMAND}"
                 "${PROJECT_BINARY_DIR}" "${PROJECT_SOURCE_DIR}" "${PROJECT_VERSION}" ${_aicl_gui} "${_aicl_stand_in}")
set_tests_properties(installer_package PROPERTIES
                     SKIP_RETURN_CODE ${_aicl_skip} TIMEOUT 1200 LABELS "package;installer"
                     RUN_SERIAL ON)  # cpack writes install_manifest.txt into the build folder
