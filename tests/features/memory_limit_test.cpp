#include "features/memory_limit.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "errors/error.h"

namespace churn::features {
namespace {

using ::testing::HasSubstr;

TEST(ParseByteSizeTest, ReadsDecimalUnitsAsPowersOf1000) {
  EXPECT_EQ(ParseByteSize("256MB"), 256000000);
  EXPECT_EQ(ParseByteSize("4GB"), 4000000000);
  EXPECT_EQ(ParseByteSize("12KB"), 12000);
  EXPECT_EQ(ParseByteSize("2TB"), 2000000000000);
  EXPECT_EQ(ParseByteSize("17B"), 17);
}

TEST(ParseByteSizeTest, ReadsBinaryUnitsAsPowersOf1024) {
  EXPECT_EQ(ParseByteSize("1.5GiB"), 1610612736);
  EXPECT_EQ(ParseByteSize("1KiB"), 1024);
  EXPECT_EQ(ParseByteSize("3MiB"), 3145728);
  EXPECT_EQ(ParseByteSize("1TiB"), 1099511627776);
}

TEST(ParseByteSizeTest, ABareNumberIsBytes) {
  EXPECT_EQ(ParseByteSize("4096"), 4096);
  EXPECT_EQ(ParseByteSize("0"), 0);
}

TEST(ParseByteSizeTest, IgnoresSpacesAroundAndBeforeTheUnit) {
  EXPECT_EQ(ParseByteSize(" 2 GB "), 2000000000);
  EXPECT_EQ(ParseByteSize("\t512MB\n"), 512000000);
}

TEST(ParseByteSizeTest, UnitsAreCaseInsensitive) {
  EXPECT_EQ(ParseByteSize("256mb"), 256000000);
  EXPECT_EQ(ParseByteSize("256Mb"), 256000000);
  EXPECT_EQ(ParseByteSize("1gib"), 1073741824);
  EXPECT_EQ(ParseByteSize("1GIB"), 1073741824);
}

TEST(ParseByteSizeTest, RoundsFractionalBytesToTheNearest) {
  EXPECT_EQ(ParseByteSize("1.5KB"), 1500);
  EXPECT_EQ(ParseByteSize("2.5"), 3) << "half a byte rounds away from zero";
  EXPECT_EQ(ParseByteSize("2.4"), 2);
}

TEST(ParseByteSizeTest, TextThatIsNoSizeIsNullopt) {
  EXPECT_EQ(ParseByteSize(""), std::nullopt);
  EXPECT_EQ(ParseByteSize("   "), std::nullopt);
  EXPECT_EQ(ParseByteSize("-1MB"), std::nullopt);
  EXPECT_EQ(ParseByteSize("-1"), std::nullopt);
  EXPECT_EQ(ParseByteSize("12XB"), std::nullopt);
  EXPECT_EQ(ParseByteSize("abc"), std::nullopt);
  EXPECT_EQ(ParseByteSize("MB"), std::nullopt);
  EXPECT_EQ(ParseByteSize("12 MB extra"), std::nullopt);
  EXPECT_EQ(ParseByteSize("auto"), std::nullopt) << "only ResolveMemoryLimit knows auto";
  EXPECT_EQ(ParseByteSize("1e3MB"), std::nullopt) << "fixed notation only";
  EXPECT_EQ(ParseByteSize("nan"), std::nullopt);
  EXPECT_EQ(ParseByteSize("inf"), std::nullopt);
}

TEST(ParseByteSizeTest, SizesBeyondAnInt64AreNullopt) {
  EXPECT_EQ(ParseByteSize("9500000TB"), std::nullopt);
  EXPECT_EQ(ParseByteSize("9000000TB"), 9000000000000000000) << "the largest size read";
  EXPECT_EQ(ParseByteSize("8EB"), std::nullopt) << "no exabyte unit";
  EXPECT_EQ(ParseByteSize("8000000TB"), 8000000000000000000);
}

TEST(ResolveMemoryLimitTest, AutoIsHalfOfPhysicalMemory) {
  ASSERT_GT(PhysicalMemoryBytes(), 0);
  EXPECT_EQ(ResolveMemoryLimit("auto"), PhysicalMemoryBytes() / 2);
  EXPECT_EQ(ResolveMemoryLimit(" auto "), PhysicalMemoryBytes() / 2);
  EXPECT_EQ(ResolveMemoryLimit(kAutoMemoryLimit), PhysicalMemoryBytes() / 2);
}

TEST(ParseMemoryLimitTest, IsWhatTheCommandLineAndTheConfigBothAccept) {
  EXPECT_EQ(ParseMemoryLimit("AUTO"), PhysicalMemoryBytes() / 2);
  EXPECT_EQ(ParseMemoryLimit("256MB"), 256000000);
  EXPECT_EQ(ParseMemoryLimit("0MB"), std::nullopt) << "a budget of nothing is no budget";
  EXPECT_EQ(ParseMemoryLimit("lots"), std::nullopt);
}

TEST(ResolveMemoryLimitTest, ASizeIsItsBytes) {
  EXPECT_EQ(ResolveMemoryLimit("256MB"), 256000000);
  EXPECT_EQ(ResolveMemoryLimit("1.5GiB", "--memory-limit"), 1610612736);
}

std::string ConfigErrorOf(std::string_view setting, std::string_view setting_name) {
  try {
    ResolveMemoryLimit(setting, setting_name);
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "no ConfigError";
}

TEST(ResolveMemoryLimitTest, AnythingElseIsAConfigErrorNamingTheSetting) {
  for (std::string_view setting : {"", "-1MB", "12XB", "abc", "MB", "0", "0MB"}) {
    SCOPED_TRACE(setting);
    std::string message = ConfigErrorOf(setting, "features.memory_limit");
    EXPECT_THAT(message, HasSubstr("features.memory_limit must be a size"));
    EXPECT_THAT(message, HasSubstr("got '" + std::string(setting) + "'"));
  }
  EXPECT_EQ(ConfigErrorOf("12XB", "--memory-limit"),
            "--memory-limit must be a size such as 256MB, 4GB or 1.5GiB, or auto, got '12XB'");
}

TEST(ResolveMemoryLimitTest, TheDefaultSettingNameIsTheConfigKey) {
  try {
    ResolveMemoryLimit("lots");
    FAIL() << "no ConfigError";
  } catch (const ConfigError& error) {
    EXPECT_THAT(error.what(), HasSubstr("features.memory_limit"));
  }
}

TEST(FormatBytesTest, UsesPowersOf1000WithThreeSignificantDigits) {
  EXPECT_EQ(FormatBytes(0), "0 B");
  EXPECT_EQ(FormatBytes(999), "999 B");
  EXPECT_EQ(FormatBytes(1000), "1 kB");
  EXPECT_EQ(FormatBytes(12000), "12 kB");
  EXPECT_EQ(FormatBytes(1234567), "1.23 MB");
  EXPECT_EQ(FormatBytes(256000000), "256 MB");
  EXPECT_EQ(FormatBytes(1670000000), "1.67 GB");
  EXPECT_EQ(FormatBytes(2500000000000), "2.5 TB");
}

TEST(FormatBytesTest, AValueThatRoundsUpToTheNextUnitStaysReadable) {
  EXPECT_EQ(FormatBytes(999999), "1 MB");
  EXPECT_EQ(FormatBytes(999500000), "1 GB");
  EXPECT_EQ(FormatBytes(999499), "999 kB");
}

TEST(PeakResidentBytesTest, IsAtLeastTheMemoryThisTestTouched) {
  constexpr std::size_t kTouched = std::size_t{32} << 20;
  std::string block(kTouched, 'x');
  EXPECT_EQ(block[kTouched - 1], 'x');
  EXPECT_GT(PeakResidentBytes(), static_cast<std::int64_t>(kTouched));
  EXPECT_LT(PeakResidentBytes(), PhysicalMemoryBytes());
}

}  // namespace
}  // namespace churn::features
