# Helpers shared by every layer's CMakeLists.txt.

# khabar_library(NAME SOURCES... DEPS...): one static library per layer.
function(khabar_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS}
                        khabar_warnings)
endfunction()

# khabar_test(NAME SOURCES... DEPS...): a GoogleTest binary registered in CTest.
function(khabar_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  if(NOT KHABAR_BUILD_TESTS)
    return()
  endif()
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest_main
                        khabar_warnings)
  target_compile_definitions(${name} PRIVATE
      KHABAR_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
      KHABAR_SHARED_DIR="${KHABAR_SHARED_DIR}"
      KHABAR_MODELS_DIR="${KHABAR_MODELS_DIR}")
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60
                       PROPERTIES ENVIRONMENT "KHABAR_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()
