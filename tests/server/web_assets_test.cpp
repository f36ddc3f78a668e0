#include "server/web_assets.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "errors/error.h"
#include "testing/temp_dir.h"

namespace churn::server {
namespace {

TEST(WebAssetsTest, ServesExactlyTheFilesUnderTheRoot) {
  testing::TempDir folder;
  testing::WriteTextFile(folder / "web/index.html", "<!doctype html>");
  testing::WriteTextFile(folder / "web/js/app.js", "export {};");
  testing::WriteTextFile(folder / "secret.txt", "outside");
  std::filesystem::create_symlink(folder / "secret.txt", folder / "web/linked.txt");

  WebAssets assets = WebAssets::Load(folder / "web");
  EXPECT_EQ(assets.size(), 2U) << "the link is skipped";
  ASSERT_NE(assets.Find("/"), nullptr);
  EXPECT_EQ(assets.Find("/")->content, "<!doctype html>");
  EXPECT_EQ(assets.Find("/")->content_type, "text/html; charset=utf-8");
  ASSERT_NE(assets.Find("/js/app.js"), nullptr);
  EXPECT_EQ(assets.Find("/js/app.js")->content_type, "text/javascript; charset=utf-8");
  for (const char* path : {"/linked.txt", "/../secret.txt", "/js/../index.html", "/js/",
                           "index.html", "/%2e%2e/secret.txt", "/js//app.js"}) {
    EXPECT_EQ(assets.Find(path), nullptr) << path;
  }
}

TEST(WebAssetsTest, AFolderWithoutIndexIsAClearError) {
  testing::TempDir folder;
  EXPECT_THAT([&] { WebAssets::Load(folder / "nowhere"); },
              ::testing::ThrowsMessage<IoError>(::testing::HasSubstr("no index.html")));
}

TEST(WebAssetsTest, KnowsTheTypesTheDashboardUses) {
  EXPECT_EQ(ContentTypeFor("a.css"), "text/css; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("a.svg"), "image/svg+xml");
  EXPECT_EQ(ContentTypeFor("a.json"), "application/json");
  EXPECT_EQ(ContentTypeFor("a.bin"), "application/octet-stream");
}

}  // namespace
}  // namespace churn::server
