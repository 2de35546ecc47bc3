// A transit route as the administration's route library keeps it (GeoJSON): the corridor (a
// polyline and its width), the office of destination's geofence, the authorised stops (border
// posts, parking areas) and the time limit. RouteGeometry is its GEOS form for the pipeline:
// the areas in a local metric projection, prepared for fast point and segment tests.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace oc::tracking {

using LonLat = std::pair<double, double>;
using Ring = std::vector<LonLat>;  // closed: first == last

struct Route {
  std::string name;
  std::vector<LonLat> corridor;  // at least two points
  double width_m = 0;            // the corridor's full width (the line ± width/2)
  std::vector<Ring> destination; // polygons (outer rings) of the destination's geofence; ≥ 1
  std::vector<Ring> stops;       // authorised stops
  double time_limit_h = 0;       // 0: none
};

// A FeatureCollection: a LineString with properties width_m (> 0) and time_limit_h (optional,
// ≥ 0); Polygons with role "destination" (at least one) or "stop"; the name from the collection's
// or the corridor's property "name". Invalid("bad_route") naming what is wrong; never throws.
Result<Route> ParseRouteGeoJson(std::string_view text);

// The route's areas for the pipeline. Immutable after Build; not thread-safe (GEOS's context
// and prepared geometries belong to one thread: give each worker its own).
class RouteGeometry {
 public:
  // Invalid("bad_route") when GEOS cannot build the areas (e.g. a self-intersecting geofence
  // that cannot be made valid).
  static Result<std::unique_ptr<RouteGeometry>> Build(const Route& route);
  ~RouteGeometry();
  RouteGeometry(const RouteGeometry&) = delete;
  RouteGeometry& operator=(const RouteGeometry&) = delete;

  // Inside the corridor, an authorised stop or the destination.
  bool Allowed(double lat, double lon) const;
  // The straight segment between two fixes stays within the corridor, a stop or the destination.
  bool SegmentAllowed(double lat1, double lon1, double lat2, double lon2) const;
  // How far along the corridor's line (metres from its start) the point nearest this one is.
  double AlongMetres(double lat, double lon) const;
  bool AtStop(double lat, double lon) const;  // an authorised stop or the destination
  bool AtDestination(double lat, double lon) const;

 private:
  RouteGeometry();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace oc::tracking
