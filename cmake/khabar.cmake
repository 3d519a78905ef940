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

# The `postgres` test fixture: ctest starts one throw-away PostgreSQL cluster
# (scripts/pg-test-cluster.sh: initdb into a folder under /tmp, a free
# loopback port) before the first test that needs it and stops it after the
# last. The folder is under /tmp, not the build tree, because as root the
# cluster runs as `postgres`, which may not reach a build tree under /root.
if(KHABAR_BUILD_TESTS)
  string(MD5 khabar_build_hash "${CMAKE_BINARY_DIR}")
  string(SUBSTRING "${khabar_build_hash}" 0 12 khabar_build_hash)
  set(KHABAR_PG_TEST_DIR "/tmp/khabar-pg-${khabar_build_hash}")
  add_test(NAME postgres_cluster_start
           COMMAND ${PROJECT_SOURCE_DIR}/scripts/pg-test-cluster.sh start
                   ${KHABAR_PG_TEST_DIR})
  set_tests_properties(postgres_cluster_start PROPERTIES
                       FIXTURES_SETUP postgres TIMEOUT 120)
  add_test(NAME postgres_cluster_stop
           COMMAND ${PROJECT_SOURCE_DIR}/scripts/pg-test-cluster.sh stop
                   ${KHABAR_PG_TEST_DIR})
  set_tests_properties(postgres_cluster_stop PROPERTIES
                       FIXTURES_CLEANUP postgres)
endif()

# khabar_discover_pg_tests(TARGET): registers a GoogleTest binary whose
# tests need the `postgres` fixture; they find the cluster through
# KHABAR_TEST_PG_URL_FILE (store/postgres/pg_test_util.h).
function(khabar_discover_pg_tests target)
  target_compile_definitions(${target} PRIVATE
      KHABAR_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
      KHABAR_SHARED_DIR="${KHABAR_SHARED_DIR}"
      KHABAR_MODELS_DIR="${KHABAR_MODELS_DIR}")
  gtest_discover_tests(${target} DISCOVERY_TIMEOUT 60
      PROPERTIES FIXTURES_REQUIRED postgres
                 ENVIRONMENT "KHABAR_TEST_PG_URL_FILE=${KHABAR_PG_TEST_DIR}/url")
endfunction()
