// close/dup/fcntl keep the simulated kernel's fd table in step with the process's real fds.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

#include <vector>

#include "sim/kernel/fd_table.h"
#include "sim/kernel/file.h"
#include "sim/shim/tests/helpers.h"

namespace sporkle::sim::shim {
namespace {

using kernel::FdTable;
using kernel::FileObject;
using test::version_errno;

std::shared_ptr<FileObject> entry(int fd) { return FdTable::instance().get(fd); }

TEST(FdBookkeeping, OpenInstallsCloseForgets) {
  int fd = open("/dev/dri/renderD128", O_RDWR | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  ASSERT_NE(entry(fd), nullptr);
  EXPECT_EQ(entry(fd)->kind(), FileObject::Kind::DrmFile);
  EXPECT_EQ(version_errno(fd), 0);
  EXPECT_EQ(fcntl(fd, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
  ASSERT_EQ(close(fd), 0);
  EXPECT_FALSE(FdTable::instance().contains(fd));
  EXPECT_EQ(version_errno(fd), EBADF);
}

TEST(FdBookkeeping, DuplicatesShareTheDrmFile) {
  int fd = open("/dev/dri/renderD128", O_RDWR);
  ASSERT_GE(fd, 0);
  int a = dup(fd);
  int b = fcntl(fd, F_DUPFD_CLOEXEC, 0);
  int c = dup3(fd, 100, O_CLOEXEC);
  int d = dup2(fd, 101);
  ASSERT_GE(a, 0);
  ASSERT_GE(b, 0);
  ASSERT_EQ(c, 100);
  ASSERT_EQ(d, 101);
  for (int dupfd : {a, b, c, d}) EXPECT_EQ(entry(dupfd), entry(fd)) << dupfd;
  EXPECT_EQ(fcntl(b, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
  ASSERT_EQ(close(fd), 0);
  EXPECT_EQ(version_errno(a), 0);  // the file lives while any duplicate does
  for (int dupfd : {a, b, c, d}) close(dupfd);
  EXPECT_FALSE(FdTable::instance().contains(a));
}

TEST(FdBookkeeping, DupOfAnotherFileOverAnFdForgetsIt) {
  int fd = open("/dev/dri/renderD128", O_RDWR);
  ASSERT_GE(fd, 0);
  int pipefd[2];
  ASSERT_EQ(pipe(pipefd), 0);
  ASSERT_EQ(dup2(pipefd[0], fd), fd);
  EXPECT_FALSE(FdTable::instance().contains(fd));
  EXPECT_EQ(version_errno(fd), ENOTTY);  // the real pipe answers now
  close(fd);
  close(pipefd[0]);
  close(pipefd[1]);
}

TEST(FdBookkeeping, ClosingTheLastDuplicateReleasesTheFile) {
  // The first opener of card0 is master until its file is released, which needs every duplicate closed.
  int master = open("/dev/dri/card0", O_RDWR);
  ASSERT_GE(master, 0);
  auto file = FdTable::instance().get_as<kernel::File>(master, FileObject::Kind::DrmFile);
  ASSERT_TRUE(file && file->is_master());
  std::weak_ptr<kernel::File> weak = file;
  file.reset();
  int copy = fcntl(master, F_DUPFD, 10);
  ASSERT_GE(copy, 10);
  close(master);
  EXPECT_FALSE(weak.expired());
  close(copy);
  EXPECT_TRUE(weak.expired());
  int next = open("/dev/dri/card0", O_RDWR);
  ASSERT_GE(next, 0);
  EXPECT_TRUE(FdTable::instance().get_as<kernel::File>(next, FileObject::Kind::DrmFile)->is_master());
  close(next);
}

TEST(FdBookkeeping, AnFdNumberReusedWithoutCloseLosesItsStaleMeaning) {
  int fd = open("/dev/dri/renderD128", O_RDWR);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(syscall(SYS_close, fd), 0);  // behind the shim's back
  ASSERT_TRUE(FdTable::instance().contains(fd));
  std::vector<int> fillers;  // lower free numbers, so that open() gets fd's number
  int reused = open("/etc/passwd", O_RDONLY);
  while (reused >= 0 && reused < fd) {
    fillers.push_back(reused);
    reused = open("/etc/passwd", O_RDONLY);
  }
  for (int f : fillers) close(f);
  ASSERT_EQ(reused, fd);
  EXPECT_FALSE(FdTable::instance().contains(fd));
  termios t{};
  EXPECT_EQ(ioctl(reused, TCGETS, &t), -1);
  EXPECT_EQ(errno, ENOTTY);
  close(reused);
}

TEST(FdBookkeeping, CloseRangeForgetsEveryClosedFd) {
  int fd = open("/dev/dri/renderD128", O_RDWR);
  ASSERT_GE(fd, 0);
  int a = dup2(fd, 200);
  int b = dup2(fd, 201);
  close(fd);
  ASSERT_EQ(a, 200);
  ASSERT_EQ(b, 201);
  ASSERT_EQ(close_range(200, 201, 0), 0);
  EXPECT_FALSE(FdTable::instance().contains(200));
  EXPECT_FALSE(FdTable::instance().contains(201));
}

TEST(FdBookkeeping, IoctlOnForeignFdsPassesThrough) {
  int fd = open("/dev/null", O_RDWR);
  ASSERT_GE(fd, 0);
  termios t{};
  EXPECT_EQ(ioctl(fd, TCGETS, &t), -1);
  EXPECT_EQ(errno, ENOTTY);
  close(fd);
}

}  // namespace
}  // namespace sporkle::sim::shim
