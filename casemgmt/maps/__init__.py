"""Geocoding, district boundaries and (later) hotspots, from reference data shipped in `maps/data/`.

The data files are public: postcode district centres (CC0), GeoNames places (CC BY 4.0, "Place data from
GeoNames (geonames.org)"), ONS district outlines and LSOA centroids (Open Government Licence v3.0 and
OS OpenData: "Contains public sector information licensed under the Open Government Licence v3.0").
"""
