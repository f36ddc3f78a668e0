#include "demo/catalog.h"

#include <array>
#include <cmath>
#include <string_view>

namespace churn::demo {
namespace {

constexpr std::size_t kCategoryCount = 240;
constexpr std::size_t kBrandCount = 900;
constexpr double kCategoryZipfExponent = 1.05;
constexpr double kProductZipfExponent = 1.15;
constexpr double kBrandZipfExponent = 0.9;
constexpr double kCodedCategoryShare = 0.65;
constexpr double kUnbrandedProductShare = 0.14;
constexpr std::uint32_t kMinProductsPerCategory = 8;
constexpr double kProductsPerCategoryMedian = 90.0;
constexpr std::uint64_t kCategoryIdBase = 2053013552000000000ULL;
constexpr std::uint64_t kCategoryIdSpread = 60000000000000000ULL;
constexpr std::uint64_t kFirstProductId = 1000978;
constexpr std::uint64_t kMaxProductIdGap = 4000;
constexpr std::int64_t kMinPriceCents = 79;
constexpr double kCentsPerUnit = 100;
// Categories without a code get a price level of their own, around this.
constexpr double kUncodedMedianPrice = 60.0;
constexpr double kUncodedPriceSpread = 0.8;
constexpr double kProductPriceSpread = 0.45;  // products around their category's level
constexpr double kProductsPerCategorySpread = 1.0;
constexpr std::size_t kMinBrandsPerCategory = 3;
constexpr std::uint64_t kBrandsPerCategoryRange = 20;
constexpr double kBrandWithinCategoryZipfExponent = 1.0;
constexpr int kMinBrandSyllables = 2;
constexpr std::uint64_t kBrandSyllablesRange = 2;

// Codes in the style of the real logs; the first part sets the price level.
struct CodeTemplate {
  std::string_view code;
  double median_price;
};

constexpr std::array<CodeTemplate, 46> kCodeTemplates = {{
    {"electronics.smartphone", 320},
    {"electronics.audio.headphone", 60},
    {"electronics.video.tv", 450},
    {"electronics.clocks", 140},
    {"electronics.tablet", 260},
    {"electronics.camera.video", 380},
    {"electronics.audio.acoustic", 110},
    {"electronics.telephone", 30},
    {"computers.notebook", 620},
    {"computers.desktop", 700},
    {"computers.peripherals.printer", 180},
    {"computers.components.videocards", 400},
    {"computers.peripherals.mouse", 18},
    {"computers.peripherals.keyboard", 25},
    {"appliances.kitchen.refrigerators", 540},
    {"appliances.kitchen.washer", 390},
    {"appliances.kitchen.microwave", 110},
    {"appliances.kitchen.kettle", 28},
    {"appliances.kitchen.blender", 45},
    {"appliances.environment.vacuum", 160},
    {"appliances.environment.water_heater", 120},
    {"appliances.environment.air_conditioner", 420},
    {"appliances.iron", 40},
    {"appliances.personal.hair_cutter", 35},
    {"apparel.shoes", 70},
    {"apparel.shoes.keds", 55},
    {"apparel.costume", 60},
    {"apparel.jeans", 45},
    {"apparel.trousers", 38},
    {"furniture.living_room.sofa", 480},
    {"furniture.bedroom.bed", 390},
    {"furniture.kitchen.table", 150},
    {"furniture.living_room.cabinet", 210},
    {"kids.toys", 25},
    {"kids.carriage", 260},
    {"kids.skates", 60},
    {"auto.accessories.player", 90},
    {"auto.accessories.alarm", 120},
    {"auto.accessories.videoregister", 80},
    {"construction.tools.drill", 95},
    {"construction.tools.saw", 110},
    {"construction.components.faucet", 70},
    {"sport.bicycle", 320},
    {"sport.trainer", 280},
    {"accessories.bag", 40},
    {"country_yard.lawn_mower", 230},
}};

constexpr std::array<std::string_view, 30> kWellKnownBrands = {
    "samsung", "apple",   "xiaomi", "huawei",   "lucente", "bosch",    "lg",      "sony",
    "acer",    "lenovo",  "hp",     "asus",     "oppo",    "cordiant", "respect", "nokian",
    "philips", "indesit", "artel",  "elenberg", "redmond", "tefal",    "janome",  "canon",
    "casio",   "polaris", "vitek",  "midea",    "beko",    "atlant"};

constexpr std::array<std::string_view, 24> kBrandSyllables = {
    "ka", "lo",  "mi", "ra", "ve",  "to", "ni", "sa", "ber", "lux", "tek", "pro",
    "ma", "zen", "ko", "ri", "del", "vo", "na", "ex", "ul",  "fa",  "gor", "in"};

std::string MakeBrandName(RandomStream& random) {
  std::string name;
  int syllables = kMinBrandSyllables + static_cast<int>(random.Below(kBrandSyllablesRange));
  for (int syllable_idx = 0; syllable_idx < syllables; ++syllable_idx) {
    name += kBrandSyllables[random.Below(kBrandSyllables.size())];
  }
  return name;
}

}  // namespace

Catalog::Catalog(std::uint64_t seed) {
  RandomStream random(random::MixSeed(seed, 0xca7a109ULL));
  BuildBrands(random);
  BuildCategories(random);
  for (std::uint32_t category_idx = 0; category_idx < categories_.size(); ++category_idx) {
    BuildProducts(category_idx, random);
  }
}

std::uint32_t Catalog::DrawProduct(std::uint32_t category, RandomStream& random) const {
  const Category& drawn = categories_[category];
  return drawn.first_product + drawn.product_popularity.Draw(random);
}

void Catalog::BuildBrands(RandomStream& random) {
  brands_.assign(kWellKnownBrands.begin(), kWellKnownBrands.end());
  while (brands_.size() < kBrandCount) {
    brands_.push_back(MakeBrandName(random));
  }
  brand_popularity_ = AliasTable(ZipfWeights(brands_.size(), kBrandZipfExponent));
}

void Catalog::BuildCategories(RandomStream& random) {
  categories_.resize(kCategoryCount);
  for (Category& category : categories_) {
    category.id = kCategoryIdBase + random.Below(kCategoryIdSpread);
    if (random.Chance(kCodedCategoryShare)) {
      category.code = kCodeTemplates[random.Below(kCodeTemplates.size())].code;
    }
  }
  category_popularity_ = AliasTable(ZipfWeights(categories_.size(), kCategoryZipfExponent));
}

void Catalog::BuildProducts(std::uint32_t category_idx, RandomStream& random) {
  Category& category = categories_[category_idx];
  double median_price = random.LogNormal(kUncodedMedianPrice, kUncodedPriceSpread);
  for (const CodeTemplate& code_template : kCodeTemplates) {
    if (code_template.code == category.code) {
      median_price = code_template.median_price;
    }
  }
  category.first_product = static_cast<std::uint32_t>(products_.size());
  category.product_count =
      kMinProductsPerCategory + static_cast<std::uint32_t>(random.LogNormal(
                                    kProductsPerCategoryMedian, kProductsPerCategorySpread));
  // Each category carries a handful of brands, themselves popular or not.
  std::vector<std::int32_t> category_brands(kMinBrandsPerCategory +
                                            random.Below(kBrandsPerCategoryRange));
  for (std::int32_t& brand : category_brands) {
    brand = static_cast<std::int32_t>(brand_popularity_.Draw(random));
  }
  AliasTable brand_choice(ZipfWeights(category_brands.size(), kBrandWithinCategoryZipfExponent));
  std::uint64_t product_id = products_.empty()
                                 ? kFirstProductId
                                 : products_.back().id + 1 + random.Below(kMaxProductIdGap);
  for (std::uint32_t product_idx = 0; product_idx < category.product_count; ++product_idx) {
    Product product;
    product.id = product_id;
    product.category = category_idx;
    if (!random.Chance(kUnbrandedProductShare)) {
      product.brand = category_brands[brand_choice.Draw(random)];
    }
    double price = random.LogNormal(median_price, kProductPriceSpread);
    product.price_cents =
        std::max(kMinPriceCents, static_cast<std::int64_t>(std::llround(price * kCentsPerUnit)));
    products_.push_back(product);
    product_id += 1 + random.Below(kMaxProductIdGap);
  }
  category.product_popularity =
      AliasTable(ZipfWeights(category.product_count, kProductZipfExponent));
}

}  // namespace churn::demo
