# Helpers shared by every folder's CMakeLists.

# Warnings for our own code (third-party headers come in as SYSTEM includes).
function(aicl_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-unused-parameter)
  if(AICL_WARNINGS_AS_ERRORS)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# Links the caching allocator into an executable. --no-as-needed keeps the library although nothing names its
# symbols: its malloc must win over glibc's for the whole process.
function(aicl_use_fast_allocator target)
  if(AICL_TCMALLOC_LIBRARY)
    target_link_libraries(${target} PRIVATE "-Wl,--no-as-needed" ${AICL_TCMALLOC_LIBRARY} "-Wl,--as-needed")
  endif()
endfunction()

# An executable of this project: warnings and the allocator.
function(aicl_executable target)
  add_executable(${target} ${ARGN})
  aicl_set_warnings(${target})
  aicl_use_fast_allocator(${target})
endfunction()
