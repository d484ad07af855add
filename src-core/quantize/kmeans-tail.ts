/**
 * The tail of exact k-means on colours (dimension 3): the same Lloyd iterations as `kmeans.ts`,
 * with the same labels and centres bit for bit, for the long stretch of a run where only a few
 * dozen centres move a little per update and a few dozen points change cluster. `kmeansIterations`
 * hands a run over to it after the first iterations, and takes it back if a cluster empties.
 */
import { CentreTree, type NearestThree } from './centre-tree';
import { DOUBLE_ZERO } from './double-zero';
import { groupByLabel, moveToMean, squaredDistance, type WeightedPoints } from './points';
import { grow, sortByKey } from './typed-arrays';

/**
 * Guards the bound tests against rounding: bounds are sums and differences of square roots, a few
 * ulps off, so a point is trusted to stay only when its bound clears the test by this margin.
 */
const SLACK = 1 + 1e-9;
const TINY = 1e-7;

/** A cluster's neighbours: the centres within twice its radius plus this. */
const NEAR_WIDTH = 3;
/** Its far list: the other centres within twice its radius plus this. */
const FAR_WIDTH = 24;
/**
 * Gap lists hold the home points whose gap to the neighbour is below this. A list is made anew,
 * over all the home points, once the travel since it was made reaches the least gap left out: a
 * wider list is sorted once and lasts longer (2 made the tail 10 % slower over 8 photos at
 * k = 16–1024; 8 was slower again).
 */
const GAP_CAP = 6;
/** A far centre whose bound is below this has come near: the cluster is rebuilt. */
const FAR_KEY_MIN = 1;
/** A cluster is rebuilt once its records outnumber this plus a share of its home points. */
const RECORDS_MIN = 64;
const RECORDS_SHARE = 0.25;

/** Work (distances measured, records tested) between two yields: a few milliseconds. */
const WORK_PER_YIELD = 200_000;

// A record is RECORD_INTS integers and RECORD_FLOATS floats, at these offsets.
const RECORD_INTS = 6;
const R_POINT = 0;
/** The point's version when the record was written: a record of a point that moved is stale. */
const R_VERSION = 1;
/** The nearest and second nearest rival centres (the own centre when there is none). */
const R_RIVAL1 = 2;
const R_RIVAL2 = 3;
/** 1 if the rest bound covers every other centre (a point outside the region), else 0. */
const R_GLOBAL = 4;
/** The iteration of the last check: a record checked in this iteration is not tested again. */
const R_CHECKED = 5;
const RECORD_FLOATS = 7;
/** Gap to rival 1 (−Infinity: not yet checked), and rival 1's travel when it was measured. */
const R_GAP1 = 0;
const R_TRAVEL1 = 1;
const R_GAP2 = 2;
const R_TRAVEL2 = 3;
/** Gap to every other centre (of the neighbours, or of all), and the stamp it is measured from. */
const R_GAP_REST = 4;
const R_REST_STAMP = 5;
/** The own centre's travel when the gaps were measured. */
const R_OWN_TRAVEL = 6;

const NO_INTS = new Int32Array(0);
const NO_FLOATS = new Float64Array(0);

/** What the engine keeps about one cluster; most of it as of the cluster's last build. */
class ClusterIndex {
  built = false;
  /**
   * The region: the ball around the centre at the build, out to its farthest point then. Every
   * home point lies in it, and so does every point that is given a local record.
   */
  regionX = DOUBLE_ZERO;
  regionY = DOUBLE_ZERO;
  regionZ = DOUBLE_ZERO;
  regionRadius = DOUBLE_ZERO;
  /** The centre's travel at the build. */
  builtTravel = DOUBLE_ZERO;
  /** The cluster's points at the build: those still in it without a record are "home points". */
  home: Int32Array = NO_INTS;

  /** The neighbours (centres within 2 · radius + NEAR_WIDTH at the build), nearest first. */
  neighbours: Int32Array = NO_INTS;
  /** Their distances and travels at the build. */
  neighbourDistance: Float64Array = NO_FLOATS;
  neighbourTravel: Float64Array = NO_FLOATS;
  /** The largest travel of a neighbour since the build (set when the cluster is visited). */
  neighbourLag = DOUBLE_ZERO;
  /** Sum over updates of the own move plus the largest move of a neighbour. */
  localDrift = DOUBLE_ZERO;

  // Gap lists, one per neighbour p: entries [listStart[p], listStart[p + 1]) of listGap and
  // listPoint, by increasing gap; entries before listScanned[p] have been checked. The home
  // points not listed had a gap of at least listFloor[p]; the gaps were measured when the own
  // centre and the neighbour had travelled listOwnTravel[p] and listNeighbourTravel[p].
  listStart: Int32Array = new Int32Array(1);
  listScanned: Int32Array = NO_INTS;
  listGap: Float64Array = NO_FLOATS;
  listPoint: Int32Array = NO_INTS;
  listFloor: Float64Array = NO_FLOATS;
  listOwnTravel: Float64Array = NO_FLOATS;
  listNeighbourTravel: Float64Array = NO_FLOATS;

  // The far list: centres beyond the neighbours but within 2 · radius + FAR_WIDTH at its last
  // refresh, each with a lower bound (key) on its gap for the region's points, measured when it had
  // travelled farTravel. Every centre beyond had a gap of at least FAR_WIDTH.
  far: Int32Array = NO_INTS;
  farKey: Float64Array = NO_FLOATS;
  farTravel: Float64Array = NO_FLOATS;
  farCount = 0;
  /** The own travel and the drift at the refresh. */
  farOwnTravel = DOUBLE_ZERO;
  farDrift = DOUBLE_ZERO;
  /**
   * What the far bounds had left when last tested in full (0: test in full next time), and the own
   * travel and drift then: far centres travel at most the drift, so no far bound can fail before the
   * own travel plus the drift since use that up. Most visits are spared the loop over the list.
   */
  farSlack = DOUBLE_ZERO;
  farSlackOwn = DOUBLE_ZERO;
  farSlackDrift = DOUBLE_ZERO;

  /** Records of the points checked since the build (see the class comment). */
  recordInts: Int32Array = new Int32Array(16 * RECORD_INTS);
  recordFloats: Float64Array = new Float64Array(16 * RECORD_FLOATS);
  recordCount = 0;
  /** Points came in since the last visit (their records must be checked). */
  hasNewcomers = false;
  /**
   * What the records bounded by the drift had left when last tested (Infinity: there are none),
   * and the own travel and drift then. Their rivals may be anywhere, so they must be tested, even
   * with nothing near moving, once the own travel plus the drift since reach this.
   */
  globalSlack = Infinity;
  globalSlackOwn = DOUBLE_ZERO;
  globalSlackDrift = DOUBLE_ZERO;
}

/**
 * The state of a k-means run between iterations, from a given (centres, labels): labels must be
 * the exact nearest centres of the centres (lowest index on ties), and no cluster empty.
 *
 * A point stays in cluster a while, for every other centre j, its gap d(x, j) − d(x, a) is positive
 * (zero would let a lower index take it). When centres a and j move by m_a and m_j, the gap shrinks
 * by at most m_a + m_j (triangle inequality). So a gap g measured at some time stays positive while
 * the travel of a plus that of j since then is below g; `travelled[c]` sums the moves of c, and
 * the drift sums the largest move of each update, a bound on every centre's travel.
 *
 * Each cluster a is "built" from its points: the farthest is at ρ from the centre, and the region
 * is that ball around where the centre was. Any point of the region is at most ρ + (travel of a
 * since) from a, so a centre nearer to it than a lies within 2ρ + 2 · travel. Hence three kinds of
 * bound, each checked per cluster at each update:
 * - Gap lists. The neighbours N_a are the centres within 2ρ + NEAR_WIDTH. For each neighbour j,
 *   the home points with a small gap to j are listed by gap. Only the prefix of gaps below the
 *   travel of a and j since the list was made can have reached zero; those points are checked
 *   (then they carry records). The rest of the home points are untouched. When the travel reaches
 *   the smallest unlisted gap, that one list is made anew.
 * - Far bounds, for the region. Each centre of the far list (within 2ρ + FAR_WIDTH, not a
 *   neighbour) has its gap bounded from below by its distance to a less 2ρ', ρ' = ρ + travel of a
 *   since the build; every centre beyond by FAR_WIDTH, shrunk by the drift. When one fails, the
 *   list is refreshed at the current positions; if a centre has come near, the cluster is rebuilt.
 * - Records, for checked points and newcomers: the gaps to the two nearest rivals with their
 *   stamps, and a bound on every other centre, either of the neighbours (a point of the region:
 *   the far bounds do the rest) shrunk by the sum of a's move and the largest neighbour's move per
 *   update, or of all centres (outside the region) shrunk by the drift. When only one rival's bound
 *   fails, two distances renew it; otherwise the point is compared with the neighbours (in the
 *   region) or searched in a tree of all centres. A point that changes cluster gets an unchecked
 *   record in its new cluster. When the records grow many, the cluster is rebuilt.
 * A cluster whose centre and neighbours did not move, whose far bounds hold, with no newcomer and
 * no record bounded by the drift that may have run out, is skipped without looking at a point.
 * The far bounds and the drift-bounded records are first tested as a whole: the least slack left
 * at the last full test, against the own travel plus the drift since (no centre travels more).
 *
 * Cluster sums are integers (integer colours and weights), exact in float64: every centre equals a
 * fresh weighted mean, so the run continues exactly as the other engine's would.
 */
export class KMeansTailEngine {
  readonly k: number;
  readonly count: number;
  /** `k * 3` current centres. */
  readonly centres: Float64Array;
  /** The cluster of each point. */
  readonly labels: Uint32Array;
  private readonly values: Float64Array;
  private readonly weights: Float64Array;

  // Per cluster.
  private readonly sums: Float64Array;
  private readonly mass: Float64Array;
  /** The cluster gained or lost a point since its centre was last set. */
  private readonly dirty: Uint8Array;
  /** The last update's move of each centre, and its total travel. */
  private readonly moves: Float64Array;
  private readonly travelled: Float64Array;
  private readonly clusters: ClusterIndex[];
  private drift = DOUBLE_ZERO;
  private anyMoved = false;
  private iteration = 0;

  // Per point.
  /** 1: the point has a valid record in its cluster's list; 0: it is a home point. */
  private readonly hasRecord: Uint8Array;
  /** Bumped when the point changes cluster, so that its old records are recognised as stale. */
  private readonly version: Int32Array;

  private readonly tree: CentreTree;
  private treeCurrent = false;
  private readonly found: NearestThree = {
    index: 0,
    distance: 0,
    second: 0,
    secondDistance: 0,
    thirdDistance: 0,
  };
  /** Work since the last yield. */
  private work = 0;

  // Scratch.
  private readonly centreMark: Int32Array;
  private centreTag = 0;
  private readonly queryIndex: Int32Array;
  private readonly queryDistance: Float64Array;
  private readonly gapRow: Float64Array;
  private members = new Int32Array(1024);
  private memberDistance = new Float64Array(1024);
  private entryNeighbour = new Int32Array(1024);
  private entryGap = new Float64Array(1024);
  private entryPoint = new Int32Array(1024);

  constructor(points: WeightedPoints, centres: Float64Array, labels: Uint32Array) {
    if (points.dim !== 3) throw new Error('The tail engine handles 3 dimensions only');
    const k = centres.length / 3;
    const count = points.count;
    this.k = k;
    this.count = count;
    this.values = points.values;
    this.weights = points.weights;
    this.centres = Float64Array.from(centres);
    this.labels = Uint32Array.from(labels.subarray(0, count));
    this.sums = new Float64Array(k * 3);
    this.mass = new Float64Array(k);
    this.dirty = new Uint8Array(k).fill(1);
    this.moves = new Float64Array(k);
    this.travelled = new Float64Array(k);
    this.hasRecord = new Uint8Array(count);
    this.version = new Int32Array(count);
    this.tree = new CentreTree(3, k);
    this.centreMark = new Int32Array(k);
    this.queryIndex = new Int32Array(k);
    this.queryDistance = new Float64Array(k);
    this.gapRow = new Float64Array(k);
    this.clusters = Array.from({ length: k }, () => new ClusterIndex());
    this.groupPointsByCluster();
  }

  /** The label of every point (a copy). */
  labelsByPoint(): Uint32Array {
    return Uint32Array.from(this.labels);
  }

  /** True if some cluster has no weight: the engine cannot update then (see kmeansIterations). */
  hasEmptyCluster(): boolean {
    for (let c = 0; c < this.k; c++) if (!(this.mass[c] > 0)) return true;
    return false;
  }

  /**
   * Moves every centre whose cluster changed to the weighted mean of its points. Returns the sum
   * of squared shifts, summed as the other engine does. No cluster may be empty.
   */
  updateCentres(): number {
    const { k, centres, sums, mass, dirty, moves } = this;
    let shift = 0;
    let largest = 0;
    moves.fill(0);
    this.anyMoved = false;
    for (let c = 0; c < k; c++) {
      if (!dirty[c]) continue;
      if (!(mass[c] > 0)) throw new Error('Empty cluster: hand the run back first');
      dirty[c] = 0;
      const squared = moveToMean(centres, sums, mass, c);
      if (squared === 0) continue;
      shift += squared;
      const move = Math.sqrt(squared);
      moves[c] = move;
      this.travelled[c] += move;
      if (move > largest) largest = move;
      this.anyMoved = true;
    }
    this.drift += largest;
    this.treeCurrent = false;
    return shift;
  }

  /**
   * Labels every point with its nearest centre, as steps of a few milliseconds (the first, which
   * builds every cluster, takes about a hundred). Returns how many points changed cluster.
   */
  *reassignSteps(): Generator<void, number> {
    if (!this.anyMoved) return 0;
    this.iteration++;
    let changed = 0;
    for (let a = 0; a < this.k; a++) {
      changed += this.reassignCluster(a);
      if (this.work >= WORK_PER_YIELD) {
        this.work = 0;
        yield;
      }
    }
    return changed;
  }

  // ---------------------------------------------------------------------------------------------

  /** Makes every point a home point of its (not yet built) cluster and sums the clusters. */
  private groupPointsByCluster(): void {
    const { k, count, labels, values, weights, sums, mass } = this;
    for (let i = 0; i < count; i++) {
      const c = labels[i];
      const w = weights[i];
      mass[c] += w;
      for (let d = 0; d < 3; d++) sums[c * 3 + d] += w * values[i * 3 + d];
    }
    const { order, start } = groupByLabel(labels, k, count);
    for (let c = 0; c < k; c++) this.clusters[c].home = order.subarray(start[c], start[c + 1]);
  }

  /** Settles the points of cluster `a` for this update; returns how many left it. */
  private reassignCluster(a: number): number {
    const cluster = this.clusters[a];
    if (!cluster.built) return this.rebuildCluster(a);
    const movingNeighbour = this.followNeighbours(cluster);
    const ownMove = this.moves[a];
    cluster.localDrift += ownMove + movingNeighbour;
    if (!this.farBoundsHold(a, cluster) && !this.refreshFarList(a, cluster)) {
      return this.rebuildCluster(a);
    }
    if (cluster.recordCount > RECORDS_MIN + RECORDS_SHARE * cluster.home.length) {
      return this.rebuildCluster(a);
    }
    const nearbyMoves = ownMove > 0 || movingNeighbour > 0;
    if (!nearbyMoves && !cluster.hasNewcomers && this.globalRecordsHold(a, cluster)) return 0;
    cluster.hasNewcomers = false;
    let changed = 0;
    if (nearbyMoves) changed += this.scanGapLists(a, cluster);
    return changed + this.testRecords(a, cluster);
  }

  /** Sets the neighbours' lag since the build; returns the largest move among them now. */
  private followNeighbours(cluster: ClusterIndex): number {
    const { moves, travelled } = this;
    const { neighbours, neighbourTravel } = cluster;
    let largestMove = 0;
    let lag = 0;
    for (let p = 0; p < neighbours.length; p++) {
      const j = neighbours[p];
      if (moves[j] > largestMove) largestMove = moves[j];
      const travel = travelled[j] - neighbourTravel[p];
      if (travel > lag) lag = travel;
    }
    cluster.neighbourLag = lag;
    return largestMove;
  }

  /** True while no centre beyond the neighbours can have come nearer than a to a region point. */
  private farBoundsHold(a: number, cluster: ClusterIndex): boolean {
    const { travelled, drift } = this;
    const since = travelled[a] - cluster.farSlackOwn + drift - cluster.farSlackDrift;
    if (since * SLACK + TINY < cluster.farSlack) return true;
    // In full: each bound with what it has left.
    const own = travelled[a] - cluster.farOwnTravel;
    let slack = FAR_WIDTH / SLACK - TINY - (own + drift - cluster.farDrift) * SLACK - TINY;
    if (slack <= 0) return false;
    const { far, farKey, farTravel, farCount } = cluster;
    for (let q = 0; q < farCount; q++) {
      const left = farKey[q] - (own + travelled[far[q]] - farTravel[q]) * SLACK - TINY;
      if (left <= 0) return false;
      if (left < slack) slack = left;
    }
    this.work += farCount;
    cluster.farSlack = slack;
    cluster.farSlackOwn = travelled[a];
    cluster.farSlackDrift = drift;
    return true;
  }

  /** True while the records bounded by the drift hold (see `globalSlack`). */
  private globalRecordsHold(a: number, cluster: ClusterIndex): boolean {
    const since =
      this.travelled[a] - cluster.globalSlackOwn + this.drift - cluster.globalSlackDrift;
    return since * SLACK + TINY < cluster.globalSlack;
  }

  /**
   * Measures the far list anew at the current positions. Returns false if a centre beyond the
   * neighbours has come near (the cluster must then be rebuilt, with it among its neighbours).
   */
  private refreshFarList(a: number, cluster: ClusterIndex): boolean {
    this.ensureTree();
    const { travelled, queryIndex, queryDistance, centreMark } = this;
    // A region point is at most `reachOfPoint` from the centre now.
    const reachOfPoint = cluster.regionRadius + (travelled[a] - cluster.builtTravel);
    const reach = (2 * reachOfPoint + FAR_WIDTH) * SLACK + TINY;
    const found = this.tree.within(this.centres, a, reach * reach, a, queryIndex, queryDistance);
    this.work += found;
    const tag = ++this.centreTag;
    const { neighbours } = cluster;
    for (let p = 0; p < neighbours.length; p++) centreMark[neighbours[p]] = tag;
    this.reserveFarList(cluster, found);
    const { far, farKey, farTravel } = cluster;
    let farCount = 0;
    for (let q = 0; q < found; q++) {
      const j = queryIndex[q];
      if (centreMark[j] === tag) continue;
      const key = (Math.sqrt(queryDistance[q]) - 2 * reachOfPoint) / SLACK - TINY;
      if (key < FAR_KEY_MIN) return false;
      far[farCount] = j;
      farKey[farCount] = key;
      farTravel[farCount] = travelled[j];
      farCount++;
    }
    cluster.farCount = farCount;
    cluster.farOwnTravel = travelled[a];
    cluster.farDrift = this.drift;
    cluster.farSlack = 0;
    return true;
  }

  private reserveFarList(cluster: ClusterIndex, size: number): void {
    if (cluster.far.length >= size) return;
    const capacity = size + (size >> 1) + 4;
    cluster.far = new Int32Array(capacity);
    cluster.farKey = new Float64Array(capacity);
    cluster.farTravel = new Float64Array(capacity);
  }

  /**
   * Checks, for each neighbour j that or whose cluster moved, the home points whose listed gap to
   * j the travel since the list was made may have used up. Returns how many left the cluster.
   */
  private scanGapLists(a: number, cluster: ClusterIndex): number {
    const { moves, travelled, labels, hasRecord } = this;
    const { neighbours, listOwnTravel, listNeighbourTravel, listFloor, listScanned } = cluster;
    const ownMove = moves[a];
    let changed = 0;
    for (let p = 0; p < neighbours.length; p++) {
      const j = neighbours[p];
      if (ownMove === 0 && moves[j] === 0) continue;
      let budget =
        (travelled[a] - listOwnTravel[p] + travelled[j] - listNeighbourTravel[p]) * SLACK + TINY;
      if (budget >= listFloor[p]) {
        // Unlisted points may be due: list this pair anew from the current gaps.
        this.rebuildGapList(a, cluster, p);
        budget = TINY;
      }
      const { listGap, listPoint } = cluster; // (rebuildGapList may have replaced them)
      const end = cluster.listStart[p + 1];
      let at = listScanned[p];
      while (at < end && listGap[at] <= budget) {
        const x = listPoint[at++];
        if (labels[x] !== a || hasRecord[x]) continue; // left, or checked already
        hasRecord[x] = 1;
        changed += this.compareWithNeighbours(x, a, cluster, this.addRecord(cluster, x));
      }
      this.work += at - listScanned[p];
      listScanned[p] = at;
    }
    return changed;
  }

  /** Tests every record of cluster `a`; renews those that fail. Returns how many points left. */
  private testRecords(a: number, cluster: ClusterIndex): number {
    const { travelled, version, iteration } = this;
    const ints = cluster.recordInts;
    const floats = cluster.recordFloats;
    const count = cluster.recordCount;
    const ownTravel = travelled[a];
    const localDrift = cluster.localDrift;
    const drift = this.drift;
    let kept = 0;
    let changed = 0;
    let globalSlack = Infinity;
    for (let e = 0; e < count; e++) {
      const at = e * RECORD_INTS;
      const fat = e * RECORD_FLOATS;
      if (version[ints[at + R_POINT]] !== ints[at + R_VERSION]) continue; // the point left
      let stays = true;
      if (ints[at + R_CHECKED] !== iteration) {
        const own = ownTravel - floats[fat + R_OWN_TRAVEL];
        const gap1 = floats[fat + R_GAP1];
        const rival1Holds =
          (own + travelled[ints[at + R_RIVAL1]] - floats[fat + R_TRAVEL1]) * SLACK + TINY < gap1;
        const rival2Holds =
          (own + travelled[ints[at + R_RIVAL2]] - floats[fat + R_TRAVEL2]) * SLACK + TINY <
          floats[fat + R_GAP2];
        const used =
          ints[at + R_GLOBAL] === 1
            ? own + drift - floats[fat + R_REST_STAMP]
            : localDrift - floats[fat + R_REST_STAMP];
        const restHolds = used * SLACK + TINY < floats[fat + R_GAP_REST];
        if (!(rival1Holds && rival2Holds && restHolds)) {
          // Only one rival's bound ran out: two distances renew it, usually.
          const renewed =
            restHolds &&
            gap1 !== -Infinity &&
            (rival1Holds || rival2Holds) &&
            this.renewRival(a, e, ints, floats, rival1Holds ? 2 : 1);
          if (!renewed) {
            const moved = this.checkPoint(ints[at + R_POINT], a, cluster, e);
            changed += moved;
            stays = moved === 0;
          }
        }
      }
      if (stays) {
        if (ints[at + R_GLOBAL] === 1) {
          globalSlack = Math.min(globalSlack, this.slackOfGlobalRecord(a, ints, floats, e));
        }
        if (kept !== e) {
          ints.copyWithin(kept * RECORD_INTS, at, at + RECORD_INTS);
          floats.copyWithin(kept * RECORD_FLOATS, fat, fat + RECORD_FLOATS);
        }
        kept++;
      }
    }
    // (The checks add records to other clusters only: a point leaves for a centre other than a.)
    this.work += count;
    cluster.recordCount = kept;
    cluster.globalSlack = globalSlack;
    cluster.globalSlackOwn = ownTravel;
    cluster.globalSlackDrift = drift;
    return changed;
  }

  /** What the bounds of global record `e` have left: the least gap less its use. */
  private slackOfGlobalRecord(
    a: number,
    ints: Int32Array,
    floats: Float64Array,
    e: number,
  ): number {
    const { travelled } = this;
    const at = e * RECORD_INTS;
    const fat = e * RECORD_FLOATS;
    const own = travelled[a] - floats[fat + R_OWN_TRAVEL];
    const rival1 = own + travelled[ints[at + R_RIVAL1]] - floats[fat + R_TRAVEL1];
    const rival2 = own + travelled[ints[at + R_RIVAL2]] - floats[fat + R_TRAVEL2];
    const rest = own + this.drift - floats[fat + R_REST_STAMP];
    return Math.min(
      floats[fat + R_GAP1] - rival1 * SLACK - TINY,
      floats[fat + R_GAP2] - rival2 * SLACK - TINY,
      floats[fat + R_GAP_REST] - rest * SLACK - TINY,
    );
  }

  /**
   * Measures rival `which` (1 or 2) of record `e` and the own centre `a` again. If the point is
   * still strictly nearer to `a`, stores the new gap, restamps the own travel (the other bounds
   * keep what is left of their slack) and returns true; otherwise the point needs a full check.
   */
  private renewRival(
    a: number,
    e: number,
    ints: Int32Array,
    floats: Float64Array,
    which: 1 | 2,
  ): boolean {
    const at = e * RECORD_INTS;
    const fat = e * RECORD_FLOATS;
    const x = ints[at + R_POINT];
    const rival = ints[at + (which === 1 ? R_RIVAL1 : R_RIVAL2)];
    const own = squaredDistance(this.values, x, this.centres, a, 3);
    const other = squaredDistance(this.values, x, this.centres, rival, 3);
    this.work += 2;
    if (!(own < other)) return false;
    const used = this.travelled[a] - floats[fat + R_OWN_TRAVEL];
    const gap = Math.sqrt(other) - Math.sqrt(own);
    const renewedGap = which === 1 ? R_GAP1 : R_GAP2;
    const renewedTravel = which === 1 ? R_TRAVEL1 : R_TRAVEL2;
    const otherGap = which === 1 ? R_GAP2 : R_GAP1;
    floats[fat + otherGap] -= used;
    floats[fat + renewedGap] = gap;
    floats[fat + renewedTravel] = this.travelled[rival];
    // A local rest bound is counted from the local drift, which includes the own moves.
    if (ints[at + R_GLOBAL] === 1) floats[fat + R_GAP_REST] -= used;
    floats[fat + R_OWN_TRAVEL] = this.travelled[a];
    ints[at + R_CHECKED] = this.iteration;
    return true;
  }

  /** A full check of point `x` of cluster `a` (record `e`): by neighbours in the region, else all. */
  private checkPoint(x: number, a: number, cluster: ClusterIndex, e: number): number {
    const { values } = this;
    const dx = values[x * 3] - cluster.regionX;
    const dy = values[x * 3 + 1] - cluster.regionY;
    const dz = values[x * 3 + 2] - cluster.regionZ;
    return Math.sqrt(dx * dx + dy * dy + dz * dz) <= cluster.regionRadius
      ? this.compareWithNeighbours(x, a, cluster, e)
      : this.searchAllCentres(x, a, cluster, e);
  }

  /**
   * Finds the nearest centre of point `x` (of cluster `a`, in its region) among a and its
   * neighbours, and moves the point there or writes its record `e`. No centre beyond the
   * neighbours can be nearer while the far bounds hold. Returns 1 if the point moved.
   */
  private compareWithNeighbours(x: number, a: number, cluster: ClusterIndex, e: number): number {
    const { values, centres, travelled } = this;
    const { neighbours, neighbourDistance } = cluster;
    const x0 = values[x * 3];
    const x1 = values[x * 3 + 1];
    const x2 = values[x * 3 + 2];
    const ownSquared = squaredAt(x0, x1, x2, centres, a);
    const u = Math.sqrt(ownSquared);
    // Neighbour p is now at least its distance at the build less `slide` from the point.
    const slide = (travelled[a] - cluster.builtTravel + cluster.neighbourLag) * SLACK + TINY + u;
    let best = Infinity;
    let bestIndex = -1;
    let second = Infinity;
    let secondIndex = -1;
    let third = Infinity;
    let p = 0;
    for (; p < neighbours.length; p++) {
      // Neighbours are sorted by distance at the build: once one is surely farther than the
      // third nearest so far, so are all the rest.
      const lower = neighbourDistance[p] - slide;
      if (lower > 0 && lower * lower > third * SLACK) break;
      const j = neighbours[p];
      const squared = squaredAt(x0, x1, x2, centres, j);
      if (squared < best || (squared === best && j < bestIndex)) {
        third = second;
        second = best;
        secondIndex = bestIndex;
        best = squared;
        bestIndex = j;
      } else if (squared < second || (squared === second && j < secondIndex)) {
        third = second;
        second = squared;
        secondIndex = j;
      } else if (squared < third) {
        third = squared;
      }
    }
    this.work += p + 1;
    if (bestIndex >= 0 && (best < ownSquared || (best === ownSquared && bestIndex < a))) {
      this.movePoint(x, a, bestIndex);
      return 1;
    }
    const ints = cluster.recordInts;
    const floats = cluster.recordFloats;
    const at = e * RECORD_INTS;
    const fat = e * RECORD_FLOATS;
    const rival1 = bestIndex < 0 ? a : bestIndex;
    const rival2 = secondIndex < 0 ? a : secondIndex;
    ints[at + R_RIVAL1] = rival1;
    ints[at + R_RIVAL2] = rival2;
    ints[at + R_GLOBAL] = 0;
    ints[at + R_CHECKED] = this.iteration;
    floats[fat + R_GAP1] = bestIndex < 0 ? Infinity : Math.sqrt(best) - u;
    floats[fat + R_TRAVEL1] = travelled[rival1];
    floats[fat + R_GAP2] = secondIndex < 0 ? Infinity : Math.sqrt(second) - u;
    floats[fat + R_TRAVEL2] = travelled[rival2];
    floats[fat + R_GAP_REST] = Math.sqrt(third) - u;
    floats[fat + R_REST_STAMP] = cluster.localDrift;
    floats[fat + R_OWN_TRAVEL] = travelled[a];
    return 0;
  }

  /**
   * Finds the nearest centre of point `x` (of cluster `a`, outside its region) among all centres,
   * and moves the point there or writes its record `e`, bounded by the drift. Returns 1 if it moved.
   */
  private searchAllCentres(x: number, a: number, cluster: ClusterIndex, e: number): number {
    this.ensureTree();
    const { found, travelled } = this;
    this.tree.nearestThree(this.values, x, found);
    this.work += 30;
    if (found.index !== a) {
      this.movePoint(x, a, found.index);
      return 1;
    }
    const ints = cluster.recordInts;
    const floats = cluster.recordFloats;
    const at = e * RECORD_INTS;
    const fat = e * RECORD_FLOATS;
    const u = Math.sqrt(found.distance);
    const rival = found.second < 0 ? a : found.second;
    ints[at + R_RIVAL1] = rival;
    ints[at + R_RIVAL2] = a;
    ints[at + R_GLOBAL] = 1;
    ints[at + R_CHECKED] = this.iteration;
    floats[fat + R_GAP1] = found.second < 0 ? Infinity : Math.sqrt(found.secondDistance) - u;
    floats[fat + R_TRAVEL1] = travelled[rival];
    floats[fat + R_GAP2] = Infinity;
    floats[fat + R_TRAVEL2] = travelled[a];
    floats[fat + R_GAP_REST] = Math.sqrt(found.thirdDistance) - u;
    floats[fat + R_REST_STAMP] = this.drift;
    floats[fat + R_OWN_TRAVEL] = travelled[a];
    return 0;
  }

  /** Moves point `x` from cluster `from` to `to`, where it gets an unchecked record. */
  private movePoint(x: number, from: number, to: number): void {
    const { sums, mass, values } = this;
    const w = this.weights[x];
    mass[from] -= w;
    mass[to] += w;
    for (let d = 0; d < 3; d++) {
      const v = w * values[x * 3 + d];
      sums[from * 3 + d] -= v;
      sums[to * 3 + d] += v;
    }
    this.dirty[from] = 1;
    this.dirty[to] = 1;
    this.labels[x] = to;
    this.hasRecord[x] = 1;
    this.version[x]++;
    const target = this.clusters[to];
    this.addRecord(target, x);
    target.hasNewcomers = true;
  }

  /**
   * Empties the cluster's records, and gives back the room of a list that grew well beyond what
   * the cluster may now hold (records are most of the engine's memory).
   */
  private resetRecords(cluster: ClusterIndex): void {
    cluster.recordCount = 0;
    const room = Math.max(16, 2 * (RECORDS_MIN + RECORDS_SHARE * cluster.home.length));
    if (cluster.recordInts.length > 2 * room * RECORD_INTS) {
      cluster.recordInts = new Int32Array(room * RECORD_INTS);
      cluster.recordFloats = new Float64Array(room * RECORD_FLOATS);
    }
  }

  /** Appends an unchecked record of point `x` to the cluster's list; returns its index. */
  private addRecord(cluster: ClusterIndex, x: number): number {
    const e = cluster.recordCount++;
    if ((e + 1) * RECORD_INTS > cluster.recordInts.length) {
      const capacity = 2 * (e + 1);
      const ints = new Int32Array(capacity * RECORD_INTS);
      ints.set(cluster.recordInts);
      cluster.recordInts = ints;
      const floats = new Float64Array(capacity * RECORD_FLOATS);
      floats.set(cluster.recordFloats);
      cluster.recordFloats = floats;
    }
    cluster.recordInts[e * RECORD_INTS + R_POINT] = x;
    cluster.recordInts[e * RECORD_INTS + R_VERSION] = this.version[x];
    cluster.recordInts[e * RECORD_INTS + R_CHECKED] = -1;
    cluster.recordFloats[e * RECORD_FLOATS + R_GAP1] = -Infinity;
    return e;
  }

  /**
   * Builds cluster `a` afresh at the current positions: compares each of its points with every
   * centre within twice its radius (exact: no other can be nearer), moves those that have a nearer
   * one, and makes the rest home points, with new neighbours, gap lists and far list. Returns how
   * many points left.
   */
  private rebuildCluster(a: number): number {
    this.ensureTree();
    const cluster = this.clusters[a];
    const memberCount = this.collectMembers(a, cluster);
    const { members, memberDistance, centres, travelled } = this;
    let radius = 0;
    for (let m = 0; m < memberCount; m++) {
      const squared = squaredDistance(this.values, members[m], centres, a, 3);
      memberDistance[m] = squared;
      const distance = Math.sqrt(squared);
      if (distance > radius) radius = distance;
    }
    const neighbourCount = this.findNeighbours(a, cluster, radius);
    const { changed, entries, home } = this.compareMembers(a, cluster, memberCount);
    this.buildGapLists(a, cluster, entries, neighbourCount);
    cluster.home = home;
    cluster.regionX = centres[a * 3];
    cluster.regionY = centres[a * 3 + 1];
    cluster.regionZ = centres[a * 3 + 2];
    cluster.regionRadius = radius;
    cluster.builtTravel = travelled[a];
    cluster.neighbourLag = 0;
    this.resetRecords(cluster);
    cluster.hasNewcomers = false;
    cluster.globalSlack = Infinity;
    cluster.built = true;
    return changed;
  }

  /** The cluster's points (home points still in it, and the points of valid records). */
  private collectMembers(a: number, cluster: ClusterIndex): number {
    const { labels, hasRecord, version } = this;
    const { home, recordInts } = cluster;
    this.reserveMembers(home.length + cluster.recordCount);
    const { members } = this;
    let count = 0;
    for (let h = 0; h < home.length; h++) {
      const x = home[h];
      if (labels[x] === a && !hasRecord[x]) members[count++] = x;
    }
    // A point with a record has exactly one valid record, in its cluster's list.
    for (let e = 0; e < cluster.recordCount; e++) {
      const x = recordInts[e * RECORD_INTS + R_POINT];
      if (version[x] === recordInts[e * RECORD_INTS + R_VERSION]) members[count++] = x;
    }
    return count;
  }

  private reserveMembers(size: number): void {
    if (this.members.length >= size) return;
    this.members = new Int32Array(2 * size);
    this.memberDistance = new Float64Array(2 * size);
  }

  /**
   * Sets the neighbours of `a` (centres within 2 · radius + NEAR_WIDTH, nearest first) and its far
   * list (the rest within 2 · radius + FAR_WIDTH). Returns the number of neighbours.
   */
  private findNeighbours(a: number, cluster: ClusterIndex, radius: number): number {
    const { queryIndex, queryDistance, travelled } = this;
    const nearReach = (2 * radius + NEAR_WIDTH) * SLACK + TINY;
    const farReach = (2 * radius + FAR_WIDTH) * SLACK + TINY;
    const found = this.tree.within(
      this.centres,
      a,
      farReach * farReach,
      a,
      queryIndex,
      queryDistance,
    );
    sortByKey(queryIndex, queryDistance, 0, found - 1);
    let near = 0;
    while (near < found && queryDistance[near] <= nearReach * nearReach) near++;
    cluster.neighbours = queryIndex.slice(0, near);
    cluster.neighbourDistance = new Float64Array(near);
    cluster.neighbourTravel = new Float64Array(near);
    for (let p = 0; p < near; p++) {
      cluster.neighbourDistance[p] = Math.sqrt(queryDistance[p]);
      cluster.neighbourTravel[p] = travelled[queryIndex[p]];
    }
    this.reserveFarList(cluster, found - near);
    for (let q = near; q < found; q++) {
      const f = q - near;
      cluster.far[f] = queryIndex[q];
      cluster.farKey[f] = (Math.sqrt(queryDistance[q]) - 2 * radius) / SLACK - TINY;
      cluster.farTravel[f] = travelled[queryIndex[q]];
    }
    cluster.farCount = found - near;
    cluster.farOwnTravel = travelled[a];
    cluster.farDrift = this.drift;
    cluster.farSlack = 0;
    return near;
  }

  /**
   * Compares each collected member with the neighbours that can matter to it: moves it if one is
   * nearer, else keeps it as a home point and notes its small gaps as entries (neighbour, gap,
   * point), and the smallest other gap of each neighbour as its list's floor.
   *
   * Neighbours come nearest first, and a point at distance u from its centre has a gap of at least
   * D − 2u to a neighbour at distance D from that centre (the triangle inequality). So once
   * D − 2u reaches GAP_CAP, that neighbour and all after it are neither nearer nor listed, and are
   * not measured: the cluster's radius, which chose the neighbours, is set by its farthest point,
   * and a typical point needs a third of them. Their floors take the bound instead.
   */
  private compareMembers(
    a: number,
    cluster: ClusterIndex,
    memberCount: number,
  ): { changed: number; entries: number; home: Int32Array } {
    const { members, memberDistance, values, centres, gapRow, labels, hasRecord } = this;
    const { neighbours, neighbourDistance } = cluster;
    const near = neighbours.length;
    const floor = new Float64Array(near).fill(Infinity);
    // skippedReach[p]: the largest u of the home points not measured from neighbour p on.
    const skippedReach = new Float64Array(near + 1).fill(-Infinity);
    const home = new Int32Array(memberCount);
    let homeCount = 0;
    let entries = 0;
    let changed = 0;
    let measured = 0;
    for (let m = 0; m < memberCount; m++) {
      const x = members[m];
      const x0 = values[x * 3];
      const x1 = values[x * 3 + 1];
      const x2 = values[x * 3 + 2];
      const u = Math.sqrt(memberDistance[m]);
      const reach = (2 * u + GAP_CAP) * SLACK + TINY;
      let best = a;
      let bestSquared = memberDistance[m];
      let cut = 0;
      while (cut < near && neighbourDistance[cut] <= reach) {
        const j = neighbours[cut];
        const squared = squaredAt(x0, x1, x2, centres, j);
        gapRow[cut++] = squared;
        if (squared < bestSquared || (squared === bestSquared && j < best)) {
          best = j;
          bestSquared = squared;
        }
      }
      measured += cut;
      if (best !== a) {
        this.movePoint(x, a, best);
        changed++;
        continue;
      }
      // Still here: a home point from now on.
      labels[x] = a;
      hasRecord[x] = 0;
      home[homeCount++] = x;
      if (u > skippedReach[cut]) skippedReach[cut] = u;
      this.reserveEntries(entries + cut);
      const { entryNeighbour, entryGap, entryPoint } = this;
      for (let p = 0; p < cut; p++) {
        const gap = Math.sqrt(gapRow[p]) - u;
        if (gap < GAP_CAP) {
          entryNeighbour[entries] = p;
          entryGap[entries] = gap;
          entryPoint[entries] = x;
          entries++;
        } else if (gap < floor[p]) {
          floor[p] = gap;
        }
      }
    }
    let largestSkipped = -Infinity;
    for (let p = 0; p < near; p++) {
      if (skippedReach[p] > largestSkipped) largestSkipped = skippedReach[p];
      const bound = neighbourDistance[p] / SLACK - 2 * largestSkipped * SLACK - TINY;
      if (bound < floor[p]) floor[p] = bound;
    }
    this.work += memberCount + measured;
    cluster.listFloor = floor;
    return { changed, entries, home: home.slice(0, homeCount) };
  }

  private reserveEntries(size: number): void {
    if (this.entryGap.length >= size) return;
    const capacity = 2 * size;
    this.entryNeighbour = grow(this.entryNeighbour, new Int32Array(capacity));
    this.entryGap = grow(this.entryGap, new Float64Array(capacity));
    this.entryPoint = grow(this.entryPoint, new Int32Array(capacity));
  }

  /** Groups the entries by neighbour (a counting sort), each list sorted by gap. */
  private buildGapLists(a: number, cluster: ClusterIndex, entries: number, near: number): void {
    const { entryNeighbour, entryGap, entryPoint, travelled } = this;
    const start = new Int32Array(near + 1);
    for (let q = 0; q < entries; q++) start[entryNeighbour[q] + 1]++;
    for (let p = 0; p < near; p++) start[p + 1] += start[p];
    // Room to grow: single lists made anew may get longer.
    const capacity = entries + (entries >> 2) + 16;
    const listGap = new Float64Array(capacity);
    const listPoint = new Int32Array(capacity);
    const next = start.slice(0, near);
    for (let q = 0; q < entries; q++) {
      const at = next[entryNeighbour[q]]++;
      listGap[at] = entryGap[q];
      listPoint[at] = entryPoint[q];
    }
    for (let p = 0; p < near; p++) sortByKey(listPoint, listGap, start[p], start[p + 1] - 1);
    cluster.listStart = start;
    cluster.listScanned = start.slice(0, near);
    cluster.listGap = listGap;
    cluster.listPoint = listPoint;
    cluster.listOwnTravel = new Float64Array(near).fill(travelled[a]);
    cluster.listNeighbourTravel = cluster.neighbourTravel.slice();
  }

  /** Lists the gaps of the home points (still home) of cluster `a` to neighbour `p` anew. */
  private rebuildGapList(a: number, cluster: ClusterIndex, p: number): void {
    const { values, centres, labels, hasRecord } = this;
    const j = cluster.neighbours[p];
    const { home } = cluster;
    let entries = 0;
    let floor = Infinity;
    this.reserveEntries(home.length);
    const { entryGap, entryPoint } = this;
    for (let h = 0; h < home.length; h++) {
      const x = home[h];
      if (labels[x] !== a || hasRecord[x]) continue;
      const gap =
        Math.sqrt(squaredDistance(values, x, centres, j, 3)) -
        Math.sqrt(squaredDistance(values, x, centres, a, 3));
      if (gap < GAP_CAP) {
        entryGap[entries] = gap;
        entryPoint[entries] = x;
        entries++;
      } else if (gap < floor) {
        floor = gap;
      }
    }
    this.work += 2 * home.length;
    sortByKey(entryPoint, entryGap, 0, entries - 1);
    this.replaceGapList(cluster, p, entries);
    cluster.listFloor[p] = floor;
    cluster.listOwnTravel[p] = this.travelled[a];
    cluster.listNeighbourTravel[p] = this.travelled[j];
  }

  /** Puts the first `entries` entries in place of list `p` (moving the later lists). */
  private replaceGapList(cluster: ClusterIndex, p: number, entries: number): void {
    const { listStart, listScanned } = cluster;
    const near = cluster.neighbours.length;
    const from = listStart[p];
    const oldEnd = listStart[p + 1];
    const total = listStart[near];
    const delta = entries - (oldEnd - from);
    if (total + delta > cluster.listGap.length) {
      const capacity = total + delta + ((total + delta) >> 1) + 16;
      cluster.listGap = grow(cluster.listGap.subarray(0, total), new Float64Array(capacity));
      cluster.listPoint = grow(cluster.listPoint.subarray(0, total), new Int32Array(capacity));
    }
    const { listGap, listPoint } = cluster;
    if (delta !== 0) {
      listGap.copyWithin(oldEnd + delta, oldEnd, total);
      listPoint.copyWithin(oldEnd + delta, oldEnd, total);
    }
    listGap.set(this.entryGap.subarray(0, entries), from);
    listPoint.set(this.entryPoint.subarray(0, entries), from);
    for (let q = p + 1; q <= near; q++) listStart[q] += delta;
    for (let q = p + 1; q < near; q++) listScanned[q] += delta;
    listScanned[p] = from;
  }

  private ensureTree(): void {
    if (this.treeCurrent) return;
    this.tree.build(this.centres, this.k);
    this.treeCurrent = true;
  }
}

/** Squared distance from the point (x0, x1, x2) to centre `c`: the hot loops load the point once. */
function squaredAt(x0: number, x1: number, x2: number, centres: Float64Array, c: number): number {
  const dx = x0 - centres[c * 3];
  const dy = x1 - centres[c * 3 + 1];
  const dz = x2 - centres[c * 3 + 2];
  return dx * dx + dy * dy + dz * dz;
}
