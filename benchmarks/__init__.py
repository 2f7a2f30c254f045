"""`nianbao bench`: a synthetic province workload (our own generator in `layouts`) and the measurements over it."""
