# Compile options shared by every target of the project, applied per target
# (never through the global CMAKE_CXX_FLAGS).

add_library(churn_options INTERFACE)
target_compile_options(churn_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                               -Wno-sign-conversion)
if(CMAKE_UNITY_BUILD)
  # A unity build includes the .cpp files into one unit, where GCC takes a
  # class of a .cpp with a member of that file's anonymous namespace for one
  # defined in a header. The per-file dev build keeps the warning.
  target_compile_options(churn_options INTERFACE -Wno-subobject-linkage)
endif()
if(CHURN_WARNINGS_AS_ERRORS)
  target_compile_options(churn_options INTERFACE -Werror)
endif()
if(CHURN_SANITIZE)
  # float-cast-overflow is not part of GCC's "undefined" group; a NaN cast to int is UB too.
  set(churn_sanitizer_flags -fsanitize=address,undefined,float-cast-overflow -fno-omit-frame-pointer
                            -fno-sanitize-recover=undefined,float-cast-overflow)
  target_compile_options(churn_options INTERFACE ${churn_sanitizer_flags})
  target_link_options(churn_options INTERFACE ${churn_sanitizer_flags})
endif()

# churn_add_stage(NAME SOURCES ... DEPENDS ...)
#
# Declares one pipeline stage: a static library whose include root is src/,
# linked only to the stages upstream of it (DEPENDS) and to its external
# libraries (PRIVATE_DEPENDS).
function(churn_add_stage name)
  cmake_parse_arguments(stage "" "" "SOURCES;DEPENDS;PRIVATE_DEPENDS" ${ARGN})
  add_library(churn_${name} STATIC ${stage_SOURCES})
  target_include_directories(churn_${name} PUBLIC "${PROJECT_SOURCE_DIR}/src")
  target_link_libraries(churn_${name} PUBLIC churn_options ${stage_DEPENDS}
                                      PRIVATE ${stage_PRIVATE_DEPENDS})
endfunction()
