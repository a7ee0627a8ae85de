/**
 * Policy comparison: run allocation policies over the same seeded workloads of a scenario and
 * compare response times per priority class, deadline misses, reconfigurations, preemptions and PRR
 * occupancy, as a table, a CSV file and an HTML page with SVG charts.
 */
@Export
@Version("1.0.0")
package org.kerone.compare;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
