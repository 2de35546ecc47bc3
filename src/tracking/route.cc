#include "tracking/route.h"

#include <geos_c.h>

#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

namespace oc::tracking {
namespace {

using nlohmann::json;

Status BadRoute(const std::string& why) { return Status::Invalid("bad_route", "route: " + why); }

// A string member, "" when absent or of another type (json::value would throw on the type).
std::string Text(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool ValidLonLat(const json& p) {
  if (!p.is_array() || p.size() < 2 || !p[0].is_number() || !p[1].is_number()) return false;
  double lon = p[0].get<double>(), lat = p[1].get<double>();
  return std::isfinite(lon) && std::isfinite(lat) && lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90;
}

Result<std::vector<LonLat>> Points(const json& coords, const char* what) {
  if (!coords.is_array()) return BadRoute(std::string(what) + " coordinates must be an array");
  std::vector<LonLat> out;
  for (const auto& p : coords) {
    if (!ValidLonLat(p)) return BadRoute(std::string(what) + " has a position that is not [lon, lat] in range");
    out.emplace_back(p[0].get<double>(), p[1].get<double>());
  }
  return out;
}

Result<Ring> OuterRing(const json& geometry, const char* what) {
  const json& rings = geometry.value("coordinates", json());
  if (!rings.is_array() || rings.empty()) return BadRoute(std::string(what) + " polygon has no rings");
  auto ring = Points(rings[0], what);
  if (!ring.ok()) return ring.status();
  if (ring->size() < 4 || ring->front() != ring->back())
    return BadRoute(std::string(what) + " polygon's ring must be closed with at least 4 positions");
  return ring;
}

}  // namespace

Result<Route> ParseRouteGeoJson(std::string_view text) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return BadRoute("not a JSON object");
  if (Text(doc, "type") != "FeatureCollection" || !doc.contains("features") || !doc["features"].is_array())
    return BadRoute("expected a GeoJSON FeatureCollection");
  Route r;
  if (doc.contains("properties") && doc["properties"].is_object()) r.name = Text(doc["properties"], "name");
  bool have_corridor = false;
  for (const auto& f : doc["features"]) {
    if (!f.is_object() || !f.contains("geometry") || !f["geometry"].is_object()) return BadRoute("a feature has no geometry");
    const json& g = f["geometry"];
    const json props = f.contains("properties") && f["properties"].is_object() ? f["properties"] : json::object();
    std::string type = Text(g, "type");
    if (type == "LineString") {
      if (have_corridor) return BadRoute("more than one corridor (LineString)");
      have_corridor = true;
      auto line = Points(g.value("coordinates", json()), "the corridor");
      if (!line.ok()) return line.status();
      if (line->size() < 2) return BadRoute("the corridor needs at least two positions");
      r.corridor = std::move(line.value());
      if (!props.contains("width_m") || !props["width_m"].is_number() || !(props["width_m"].get<double>() > 0) ||
          props["width_m"].get<double>() > 100000)
        return BadRoute("the corridor needs a property width_m in metres (0 < width ≤ 100000)");
      r.width_m = props["width_m"].get<double>();
      if (props.contains("time_limit_h")) {
        if (!props["time_limit_h"].is_number() || !(props["time_limit_h"].get<double>() >= 0) ||
            props["time_limit_h"].get<double>() > 24 * 365)
          return BadRoute("time_limit_h must be a number of hours (0 to 8760)");
        r.time_limit_h = props["time_limit_h"].get<double>();
      }
      if (r.name.empty() && props.contains("name") && props["name"].is_string()) r.name = props["name"];
    } else if (type == "Polygon") {
      std::string role = Text(props, "role");
      if (role != "destination" && role != "stop") return BadRoute("a polygon's property role must be destination or stop");
      auto ring = OuterRing(g, role == "stop" ? "a stop" : "the destination");
      if (!ring.ok()) return ring.status();
      (role == "stop" ? r.stops : r.destination).push_back(std::move(ring.value()));
    } else {
      return BadRoute("unsupported geometry type '" + type + "' (LineString or Polygon)");
    }
  }
  if (!have_corridor) return BadRoute("no corridor (a LineString with width_m)");
  if (r.destination.empty()) return BadRoute("no destination (a Polygon with role destination)");
  return r;
}

// GEOS in a metric plane: the sinusoidal projection about the corridor's mean longitude keeps
// distances along every parallel and the central meridian, so widths in metres hold along the
// whole corridor (the shear far from the central meridian is under 1 % for a route spanning 10°).
struct RouteGeometry::Impl {
  GEOSContextHandle_t ctx = nullptr;
  double lon0 = 0;
  GEOSGeometry* line = nullptr;     // the corridor's centre line
  GEOSGeometry* allowed = nullptr;  // corridor ∪ stops ∪ destination
  GEOSGeometry* stops = nullptr;    // stops ∪ destination
  GEOSGeometry* destination = nullptr;
  const GEOSPreparedGeometry* p_allowed = nullptr;
  const GEOSPreparedGeometry* p_stops = nullptr;
  const GEOSPreparedGeometry* p_destination = nullptr;
  std::string error;

  ~Impl() {
    for (const GEOSPreparedGeometry* p : {p_allowed, p_stops, p_destination})
      if (p) GEOSPreparedGeom_destroy_r(ctx, p);
    for (GEOSGeometry* g : {line, allowed, stops, destination})
      if (g) GEOSGeom_destroy_r(ctx, g);
    if (ctx) GEOS_finish_r(ctx);
  }
  void XY(double lon, double lat, double& x, double& y) const {
    constexpr double kEarthRadius = 6371008.8, kRad = M_PI / 180;
    y = kEarthRadius * lat * kRad;
    x = kEarthRadius * (lon - lon0) * kRad * std::cos(lat * kRad);
  }
  GEOSCoordSequence* Sequence(const std::vector<LonLat>& pts) const {
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(ctx, static_cast<unsigned>(pts.size()), 2);
    for (size_t i = 0; i < pts.size(); ++i) {
      double x, y;
      XY(pts[i].first, pts[i].second, x, y);
      GEOSCoordSeq_setXY_r(ctx, seq, static_cast<unsigned>(i), x, y);
    }
    return seq;
  }
  GEOSGeometry* Polygon(const Ring& ring) const {
    GEOSGeometry* shell = GEOSGeom_createLinearRing_r(ctx, Sequence(ring));
    GEOSGeometry* poly = shell ? GEOSGeom_createPolygon_r(ctx, shell, nullptr, 0) : nullptr;
    if (poly && GEOSisValid_r(ctx, poly) != 1) {
      GEOSGeometry* valid = GEOSMakeValid_r(ctx, poly);
      GEOSGeom_destroy_r(ctx, poly);
      poly = valid;
    }
    return poly;
  }
  // The union of `base` (taken) and the polygons; nullptr on a GEOS error.
  GEOSGeometry* With(GEOSGeometry* base, const std::vector<Ring>& rings) const {
    for (const Ring& ring : rings) {
      if (!base) return nullptr;
      GEOSGeometry* poly = Polygon(ring);
      if (!poly) {
        GEOSGeom_destroy_r(ctx, base);
        return nullptr;
      }
      GEOSGeometry* joined = GEOSUnion_r(ctx, base, poly);
      GEOSGeom_destroy_r(ctx, base);
      GEOSGeom_destroy_r(ctx, poly);
      base = joined;
    }
    return base;
  }
  bool Contains(const GEOSPreparedGeometry* area, double lat, double lon) const {
    if (!area) return false;
    double x, y;
    XY(lon, lat, x, y);
    GEOSGeometry* pt = GEOSGeom_createPointFromXY_r(ctx, x, y);
    char in = GEOSPreparedCovers_r(ctx, area, pt);
    GEOSGeom_destroy_r(ctx, pt);
    return in == 1;
  }
};

namespace {
void GeosMessage(const char* message, void* userdata) {
  auto* error = static_cast<std::string*>(userdata);
  if (error->empty()) *error = message;
}
}  // namespace

RouteGeometry::RouteGeometry() : impl_(std::make_unique<Impl>()) {}
RouteGeometry::~RouteGeometry() = default;

Result<std::unique_ptr<RouteGeometry>> RouteGeometry::Build(const Route& route) {
  std::unique_ptr<RouteGeometry> geo(new RouteGeometry());
  Impl& m = *geo->impl_;
  m.ctx = GEOS_init_r();
  GEOSContext_setErrorMessageHandler_r(m.ctx, GeosMessage, &m.error);
  double sum = 0;
  for (const auto& p : route.corridor) sum += p.first;
  m.lon0 = route.corridor.empty() ? 0 : sum / static_cast<double>(route.corridor.size());
  m.line = GEOSGeom_createLineString_r(m.ctx, m.Sequence(route.corridor));
  if (!m.line) return BadRoute("the corridor is not a line: " + m.error);
  GEOSGeometry* narrow = GEOSBuffer_r(m.ctx, m.line, route.width_m / 2, 8);
  GEOSGeometry* empty = GEOSGeom_createEmptyPolygon_r(m.ctx);
  m.destination = m.With(GEOSGeom_clone_r(m.ctx, empty), route.destination);
  m.stops = m.With(m.With(GEOSGeom_clone_r(m.ctx, empty), route.stops), route.destination);
  GEOSGeom_destroy_r(m.ctx, empty);
  m.allowed = m.With(m.With(narrow, route.stops), route.destination);
  if (!m.allowed || !m.stops || !m.destination) return BadRoute("the areas cannot be built: " + m.error);
  m.p_allowed = GEOSPrepare_r(m.ctx, m.allowed);
  m.p_stops = GEOSPrepare_r(m.ctx, m.stops);
  m.p_destination = GEOSPrepare_r(m.ctx, m.destination);
  if (!m.p_allowed || !m.p_stops || !m.p_destination) return BadRoute("GEOS: " + m.error);
  return geo;
}

bool RouteGeometry::Allowed(double lat, double lon) const { return impl_->Contains(impl_->p_allowed, lat, lon); }
bool RouteGeometry::AtStop(double lat, double lon) const { return impl_->Contains(impl_->p_stops, lat, lon); }
bool RouteGeometry::AtDestination(double lat, double lon) const {
  return impl_->Contains(impl_->p_destination, lat, lon);
}

bool RouteGeometry::SegmentAllowed(double lat1, double lon1, double lat2, double lon2) const {
  const Impl& m = *impl_;
  GEOSGeometry* seg = GEOSGeom_createLineString_r(m.ctx, m.Sequence({{lon1, lat1}, {lon2, lat2}}));
  if (!seg) return true;  // a degenerate segment is its end points, checked on their own
  char in = GEOSPreparedCovers_r(m.ctx, m.p_allowed, seg);
  GEOSGeom_destroy_r(m.ctx, seg);
  return in == 1;
}

double RouteGeometry::AlongMetres(double lat, double lon) const {
  const Impl& m = *impl_;
  double x, y;
  m.XY(lon, lat, x, y);
  GEOSGeometry* pt = GEOSGeom_createPointFromXY_r(m.ctx, x, y);
  double along = GEOSProject_r(m.ctx, m.line, pt);
  GEOSGeom_destroy_r(m.ctx, pt);
  return along;
}

}  // namespace oc::tracking
