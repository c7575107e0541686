// BodyPipe: pieces arrive in order across threads, the receiver blocks at the limit, a stopped
// consumer makes push fail, and buffers are reused.
#include <dualstack/verify/kube/body_pipe.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

using dualstack::verify::kube::BodyPipe;

TEST(BodyPipe, PiecesPushedOnOneThreadArriveInOrderOnAnother)
{
  BodyPipe pipe(BodyPipe::piece_bytes);
  std::thread receiver([&] {
    for (int i = 0; i < 200; ++i) {
      std::string piece = pipe.buffer();
      piece.assign(1000, static_cast<char>('a' + i % 26));
      piece += std::to_string(i);
      ASSERT_TRUE(pipe.push(std::move(piece)));
    }
    pipe.close();
  });
  int expected = 0;
  while (auto piece = pipe.pop()) {
    EXPECT_EQ(piece->substr(1000), std::to_string(expected));
    EXPECT_EQ((*piece)[0], static_cast<char>('a' + expected % 26));
    ++expected;
    pipe.recycle(std::move(*piece));
  }
  receiver.join();
  EXPECT_EQ(expected, 200);
}

TEST(BodyPipe, TheReceiverWaitsWhileALimitsWorthOfBytesWaits)
{
  BodyPipe pipe(BodyPipe::piece_bytes);
  ASSERT_TRUE(pipe.push(std::string(BodyPipe::piece_bytes, 'x')));
  std::atomic<bool> pushed{ false };
  std::thread receiver([&] {
    pushed = pipe.push(std::string(10, 'y'));
    pipe.close();
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(pushed.load()) << "a full pipe must hold the receiver back";
  auto first = pipe.pop();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->size(), BodyPipe::piece_bytes);
  auto second = pipe.pop();
  receiver.join();
  ASSERT_TRUE(second);
  EXPECT_EQ(*second, std::string(10, 'y'));
  EXPECT_TRUE(pushed.load());
  EXPECT_FALSE(pipe.pop());
}

TEST(BodyPipe, AStoppedConsumerReleasesAWaitingReceiverAndRefusesMore)
{
  BodyPipe pipe(0);
  ASSERT_TRUE(pipe.push(std::string(BodyPipe::piece_bytes, 'x')));
  std::atomic<int> result{ -1 };
  std::thread receiver([&] { result = pipe.push(std::string(1, 'y')) ? 1 : 0; });
  pipe.stop();
  receiver.join();
  EXPECT_EQ(result.load(), 0);
  EXPECT_FALSE(pipe.push(std::string(1, 'z')));
}

TEST(BodyPipe, ARecycledBufferComesBackEmptyWithRoomForAPiece)
{
  BodyPipe pipe(BodyPipe::piece_bytes);
  std::string used(100, 'q');
  used.reserve(BodyPipe::piece_bytes);
  const char* storage = used.data();
  pipe.recycle(std::move(used));
  std::string again = pipe.buffer();
  EXPECT_TRUE(again.empty());
  EXPECT_GE(again.capacity(), BodyPipe::piece_bytes);
  EXPECT_EQ(again.data(), storage);
}
