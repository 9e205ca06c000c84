# Every third-party dependency is found here, once, so the rest of the build names imported targets only.

# LibTorch: Debian's libtorch-dev, or a user's (CUDA) LibTorch through CMAKE_PREFIX_PATH / Torch_DIR.
find_package(Torch REQUIRED)
# TorchConfig.cmake puts its flags into TORCH_CXX_FLAGS; carry them on an interface target instead of globally.
add_library(aicl_torch INTERFACE)
target_link_libraries(aicl_torch INTERFACE ${TORCH_LIBRARIES})
target_include_directories(aicl_torch SYSTEM INTERFACE ${TORCH_INCLUDE_DIRS})
separate_arguments(_aicl_torch_flags UNIX_COMMAND "${TORCH_CXX_FLAGS}")
target_compile_options(aicl_torch INTERFACE ${_aicl_torch_flags})

find_package(PkgConfig REQUIRED)
pkg_check_modules(FFMPEG REQUIRED IMPORTED_TARGET libavformat libavcodec libavutil libswscale)
# OpenCV core, imgproc and video (dense optical flow for the motion view) only. Debian's full libopencv-dev (with its
# CMake config) pulls in ~60 packages the project does not use, so the component packages are found directly when
# no OpenCVConfig.cmake is present.
find_package(OpenCV QUIET COMPONENTS core imgproc video)
if(OpenCV_FOUND)
  add_library(aicl_opencv INTERFACE)
  target_include_directories(aicl_opencv SYSTEM INTERFACE ${OpenCV_INCLUDE_DIRS})
  target_link_libraries(aicl_opencv INTERFACE ${OpenCV_LIBS})
else()
  find_path(AICL_OPENCV_INCLUDE_DIR opencv2/core.hpp PATH_SUFFIXES opencv4 REQUIRED)
  find_library(AICL_OPENCV_CORE_LIBRARY opencv_core REQUIRED)
  find_library(AICL_OPENCV_IMGPROC_LIBRARY opencv_imgproc REQUIRED)
  find_library(AICL_OPENCV_VIDEO_LIBRARY opencv_video REQUIRED)
  add_library(aicl_opencv INTERFACE)
  target_include_directories(aicl_opencv SYSTEM INTERFACE ${AICL_OPENCV_INCLUDE_DIR})
  target_link_libraries(aicl_opencv INTERFACE ${AICL_OPENCV_VIDEO_LIBRARY} ${AICL_OPENCV_IMGPROC_LIBRARY}
                                             ${AICL_OPENCV_CORE_LIBRARY})
endif()
find_package(spdlog REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(Threads REQUIRED)

# A caching allocator for every executable: fresh large allocations page-fault on this class of machine, and
# LibTorch's CPU allocator hands big blocks back to the system on free (see docs in ../shared/docs/platform-notes.md).
find_library(AICL_TCMALLOC_LIBRARY NAMES tcmalloc_minimal tcmalloc_minimal.so.4)
if(NOT AICL_TCMALLOC_LIBRARY)
  message(WARNING "tcmalloc not found: executables fall back to the system allocator (much slower here)")
endif()

if(AICL_BUILD_GUI)
  find_package(Qt6 6.4 REQUIRED COMPONENTS Core Gui Widgets Concurrent Test LinguistTools)
  find_package(QCustomPlotQt6 REQUIRED)
  qt_standard_project_setup()
endif()

if(AICL_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
