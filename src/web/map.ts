/**
 * The map of incidents: Natural Earth's country outlines (world-atlas, served by Parley as a static
 * asset, so no tile server and no network), the conflict's located incidents as markers coloured by
 * event type and sized by how precisely the place is known, grouped into counted clusters when
 * zoomed out. Pan and zoom with the pointer, the wheel or the buttons; a box drawn with shift-drag
 * (or after "Select an area", for touch) filters the timeline. For assistive technology the
 * picture is one image with a name, and the list under it gives every incident it shows as links.
 */
import { geoMercator, geoPath, type GeoPermissibleObjects } from 'd3-geo';
import { select } from 'd3-selection';
import { zoom, zoomIdentity, type D3ZoomEvent, type ZoomTransform } from 'd3-zoom';
import type { Feature, Point } from 'geojson';
import Supercluster, { type ClusterProperties } from 'supercluster';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { request } from './api.js';
import { formatArea } from './area.js';
import { byId, fill, h } from './dom.js';
import { formatPartialDate, incidentType } from './format.js';
import { MAP_INCIDENTS, MAP_PAGE_SIZE, MAP_PAGES } from './queries.js';
import { entryId } from './render.js';
import type { BoundingBox, Incident } from './types.js';

/** A marker's radius by geo precision (1 the place itself, 2 near it, 3 its region): a vaguer place, a wider mark. */
const RADIUS: Record<number, number> = { 1: 5, 2: 8, 3: 12 };
const UNKNOWN_PRECISION_RADIUS = 8;
/** Markers closer than this many pixels are counted as one cluster. */
const CLUSTER_PX = 26;
/** supercluster's tile extent: its zoom z is a world `TILE * 2^z` pixels wide. */
const TILE = 512;
const MAX_SCALE = 64;
/** A drag shorter than this is a click, not a box. */
const MIN_BOX_PX = 6;

interface MapPage {
  node: {
    incidents: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Incident[] };
  } | null;
}

interface MarkerProperties {
  id: string;
}

type Located = Incident & { location: { latitude: number; longitude: number } };

function isLocated(incident: Incident): incident is Located {
  return incident.location.latitude !== null && incident.location.longitude !== null && incident.retraction === null;
}

/** Markers grouped by closeness at every zoom; points at one place stay one cluster however far one zooms. */
function clusterIndex(points: Feature<Point, MarkerProperties>[]): Supercluster<MarkerProperties> {
  return new Supercluster<MarkerProperties>({ radius: CLUSTER_PX, extent: TILE, maxZoom: 20 }).load(points);
}

export interface MapOptions {
  /** Shows an incident the way the page shows an entry. */
  open(id: string): void;
  /** The reader drew a box (or chose the area in view). */
  selectArea(area: BoundingBox): void;
}

export class IncidentMap {
  private readonly canvas = byId('map-canvas');
  private readonly list = byId<HTMLOListElement>('map-list');
  private readonly status = byId('map-status');
  private readonly selectButton = byId<HTMLButtonElement>('map-select');
  private readonly svg = select(this.canvas).append('svg').attr('role', 'img').attr('class', 'map__svg');
  private readonly world = this.svg.append('g').attr('class', 'map__world');
  private readonly markers = this.svg.append('g').attr('class', 'map__markers');
  private readonly box = this.svg.append('rect').attr('class', 'map__box').attr('hidden', '');
  private readonly boxTitle = this.box.append('title');
  private readonly behaviour = zoom<SVGSVGElement, unknown>()
    .scaleExtent([1, MAX_SCALE])
    // Shift-drag and the selection mode draw a box instead of panning.
    .filter((event: MouseEvent | WheelEvent | TouchEvent) => !event.shiftKey && !this.selecting && !(event as MouseEvent).button)
    .on('zoom', (event: D3ZoomEvent<SVGSVGElement, unknown>) => this.zoomed(event.transform));
  private readonly incidents = new Map<string, Located>();
  private index = clusterIndex([]);
  private readonly projection = geoMercator();
  private transform: ZoomTransform = zoomIdentity;
  private outlines: { countries: GeoPermissibleObjects; borders: GeoPermissibleObjects } | undefined;
  private size = { width: 0, height: 0 };
  private selecting = false;
  private drag: { x: number; y: number } | undefined;
  private area: BoundingBox | undefined;
  private total = 0;

  constructor(private readonly options: MapOptions) {
    this.svg.call(this.behaviour);
    const svg = this.svg.node()!;
    svg.addEventListener('pointerdown', (event) => this.startBox(event));
    svg.addEventListener('pointermove', (event) => this.moveBox(event));
    svg.addEventListener('pointerup', (event) => this.endBox(event));
    svg.addEventListener('pointercancel', () => this.cancelBox());
    byId('map-zoom-in').addEventListener('click', () => this.behaviour.scaleBy(this.svg, 2));
    byId('map-zoom-out').addEventListener('click', () => this.behaviour.scaleBy(this.svg, 0.5));
    byId('map-reset').addEventListener('click', () => this.behaviour.transform(this.svg, zoomIdentity));
    byId('map-in-view').addEventListener('click', () => this.options.selectArea(this.areaInView()));
    this.selectButton.addEventListener('click', () => this.setSelecting(!this.selecting));
    new ResizeObserver(() => this.resize()).observe(this.canvas);
    const atlas = this.canvas.dataset.atlas;
    if (atlas) void this.loadOutlines(atlas);
  }

  /**
   * Reads the conflict's located incidents, newest first. Resolves once the newest page is shown:
   * the page reads it before it follows the stream, so what is recorded meanwhile is replayed
   * rather than lost; older pages follow. Never rejects: the map says what went wrong instead.
   */
  async load(conflictId: string): Promise<void> {
    this.incidents.clear();
    let after = await this.loadPage(conflictId, null);
    if (after === undefined) return;
    this.fit();
    this.update();
    void (async () => {
      for (let page = 1; typeof after === 'string' && page < MAP_PAGES; page++) {
        after = await this.loadPage(conflictId, after);
        if (after !== undefined) this.update();
      }
    })();
  }

  /** One page of located incidents onto the map: the cursor of the next, null after the last, undefined if it failed. */
  private async loadPage(conflictId: string, after: string | null): Promise<string | null | undefined> {
    let result: MapPage;
    try {
      result = await request<MapPage>(MAP_INCIDENTS, { id: conflictId, after, first: MAP_PAGE_SIZE });
    } catch (error) {
      this.status.textContent = `The map could not load: ${(error as Error).message}`;
      return undefined;
    }
    const incidents = result.node?.incidents;
    if (!incidents) return null;
    // A live update may have shown one already, in a newer version.
    for (const incident of incidents.nodes) {
      if (isLocated(incident) && !this.incidents.has(incident.id)) this.incidents.set(incident.id, incident);
    }
    this.total = Math.max(incidents.totalCount, this.incidents.size);
    return incidents.pageInfo.hasNextPage ? incidents.pageInfo.endCursor : null;
  }

  /** A recorded, amended or retracted incident: shown, moved or taken off. */
  upsert(incident: Incident): void {
    const known = this.incidents.has(incident.id);
    if (isLocated(incident)) {
      if (!known) this.total++;
      this.incidents.set(incident.id, incident);
    } else if (known) {
      this.incidents.delete(incident.id);
      this.total--;
    } else {
      return;
    }
    this.update();
  }

  /** The area filtering the timeline, drawn on the map until it is cleared. */
  showArea(area: BoundingBox | undefined): void {
    this.area = area;
    this.drawArea();
  }

  private async loadOutlines(address: string): Promise<void> {
    try {
      const response = await fetch(address);
      const topology = (await response.json()) as Topology<{ countries: GeometryCollection }>;
      this.outlines = {
        countries: feature(topology, topology.objects.countries),
        borders: mesh(topology, topology.objects.countries, (a, b) => a !== b),
      };
      this.drawOutlines();
    } catch {
      // The markers still show where things happened; the outlines come with the next load.
    }
  }

  private resize(): void {
    const width = this.canvas.clientWidth;
    if (!width || width === this.size.width) return;
    // Wider than tall, but not a sliver on a phone.
    this.size = { width, height: Math.round(Math.min(Math.max(width * 0.62, 240), 460)) };
    this.svg.attr('viewBox', `0 0 ${this.size.width} ${this.size.height}`).attr('width', width).attr('height', this.size.height);
    this.behaviour.extent([
      [0, 0],
      [this.size.width, this.size.height],
    ]);
    this.fit();
    this.update();
  }

  /** Frames the incidents (with room around them), or the whole world when there are none. */
  private fit(): void {
    if (!this.size.width) return;
    const points = [...this.incidents.values()].map((i) => [i.location.longitude, i.location.latitude] as [number, number]);
    let [west, south, east, north] = [-170, -55, 180, 75];
    if (points.length) {
      const lons = points.map((p) => p[0]);
      const lats = points.map((p) => p[1]);
      [west, east, south, north] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
      // Enough land around a single place or a tight group to tell where it is.
      const pad = Math.max(3, (east - west) * 0.25, (north - south) * 0.25);
      [west, east] = [Math.max(-180, west - pad), Math.min(180, east + pad)];
      [south, north] = [Math.max(-80, south - pad), Math.min(84, north + pad)];
    }
    const margin = 12;
    this.projection.fitExtent(
      [
        [margin, margin],
        [this.size.width - margin, this.size.height - margin],
      ],
      {
        type: 'MultiPoint',
        coordinates: [
          [west, south],
          [east, north],
        ],
      },
    );
    this.behaviour.transform(this.svg, zoomIdentity);
    this.drawOutlines();
  }

  private drawOutlines(): void {
    if (!this.outlines || !this.size.width) return;
    const path = geoPath(this.projection);
    this.world.selectAll('path').remove();
    this.world.append('path').attr('class', 'map__land').attr('d', path(this.outlines.countries));
    this.world.append('path').attr('class', 'map__borders').attr('d', path(this.outlines.borders));
  }

  private zoomed(transform: ZoomTransform): void {
    this.transform = transform;
    this.world.attr('transform', transform.toString());
    this.drawMarkers();
    this.drawArea();
  }

  /** New incidents: a new index, markers, the list and the accessible name. */
  private update(): void {
    const points: Feature<Point, MarkerProperties>[] = [...this.incidents.values()].map((i) => ({
      type: 'Feature',
      properties: { id: i.id },
      geometry: { type: 'Point', coordinates: [i.location.longitude, i.location.latitude] },
    }));
    this.index = clusterIndex(points);
    this.drawMarkers();
    this.renderList();
  }

  /** Where a place is on the screen now. */
  private toScreen(longitude: number, latitude: number): [number, number] {
    return this.transform.apply(this.projection([longitude, latitude]) ?? [0, 0]);
  }

  private drawMarkers(): void {
    if (!this.size.width) return;
    // The zoom at which supercluster's pixels are the screen's: the world is 2π·scale·k pixels wide in Mercator.
    const worldWidth = 2 * Math.PI * this.projection.scale() * this.transform.k;
    const level = Math.max(0, Math.log2(worldWidth / TILE));
    const clusters = this.index.getClusters([-180, -85, 180, 85], Math.floor(level));
    const layer = this.markers.node()!;
    layer.replaceChildren();
    const g = select(layer);
    for (const cluster of clusters) {
      const [longitude, latitude] = cluster.geometry.coordinates as [number, number];
      const [x, y] = this.toScreen(longitude, latitude);
      const props = cluster.properties as MarkerProperties | ClusterProperties;
      if ('cluster' in props && props.cluster) {
        const group = g
          .append('g')
          .attr('class', 'marker marker--cluster')
          .attr('data-count', props.point_count)
          .attr('transform', `translate(${x},${y})`)
          .on('click', () => this.openCluster(props.cluster_id, longitude, latitude));
        group.append('circle').attr('r', 10 + Math.min(10, Math.sqrt(props.point_count) * 2));
        group.append('text').attr('dy', '0.35em').text(props.point_count);
        group.append('title').text(`${props.point_count} incidents here: zoom in to tell them apart`);
        continue;
      }
      const incident = this.incidents.get((props as MarkerProperties).id);
      if (!incident) continue;
      const precision = incident.location.geoPrecision;
      g.append('circle')
        .attr('class', `marker type-${incident.eventType} precision-${precision ?? 'unknown'}`)
        .attr('data-id', incident.id)
        .attr('data-count', 1)
        .attr('cx', x)
        .attr('cy', y)
        .attr('r', precision ? (RADIUS[precision] ?? UNKNOWN_PRECISION_RADIUS) : UNKNOWN_PRECISION_RADIUS)
        .on('click', () => this.options.open(incident.id))
        .append('title')
        .text(`${incident.title} · ${formatPartialDate(incident.date)} · ${incidentType(incident.eventType, incident.subEventType)}`);
    }
  }

  /** Zooms in where a cluster comes apart; one that never does (the same place) opens its newest incident. */
  private openCluster(clusterId: number, longitude: number, latitude: number): void {
    const wanted = this.index.getClusterExpansionZoom(clusterId);
    const k = (TILE * 2 ** wanted) / (2 * Math.PI * this.projection.scale());
    if (k > MAX_SCALE) {
      const [leaf] = this.index.getLeaves(clusterId, 1);
      if (leaf) this.options.open((leaf.properties as MarkerProperties).id);
      return;
    }
    const [x, y] = this.projection([longitude, latitude]) ?? [0, 0];
    const { width, height } = this.size;
    this.behaviour.transform(this.svg, zoomIdentity.translate(width / 2 - x * k, height / 2 - y * k).scale(k));
  }

  private renderList(): void {
    const shown = [...this.incidents.values()];
    const name =
      shown.length === 0
        ? 'Map of incidents: none recorded with coordinates yet.'
        : `Map of ${shown.length} incidents with coordinates${this.total > shown.length ? `, the newest of ${this.total}` : ''}; the list after the map gives them as text.`;
    this.svg.attr('aria-label', name);
    this.status.textContent =
      this.total > shown.length ? `The newest ${shown.length} of ${this.total} located incidents` : `${shown.length} located incidents`;
    fill(
      this.list,
      shown.map((i) =>
        h(
          'li',
          null,
          h('a', { href: `#${entryId(i)}`, 'data-item': i.id }, i.title),
          ` · ${formatPartialDate(i.date)} · ${[i.location.name, i.location.country].filter(Boolean).join(', ')}`,
        ),
      ),
    );
  }

  // -------------------------------------------------------------------------------------------
  // Drawing a box

  private setSelecting(on: boolean): void {
    this.selecting = on;
    this.selectButton.setAttribute('aria-pressed', String(on));
    this.canvas.classList.toggle('is-selecting', on);
  }

  private point(event: PointerEvent): { x: number; y: number } {
    const rect = this.svg.node()!.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  }

  private startBox(event: PointerEvent): void {
    if (!(event.shiftKey || this.selecting) || event.button !== 0) return;
    event.preventDefault();
    this.svg.node()!.setPointerCapture(event.pointerId);
    this.drag = this.point(event);
    this.drawBox(this.drag, this.drag);
  }

  private moveBox(event: PointerEvent): void {
    if (this.drag) this.drawBox(this.drag, this.point(event));
  }

  private endBox(event: PointerEvent): void {
    const start = this.drag;
    if (!start) return;
    this.drag = undefined;
    const end = this.point(event);
    this.setSelecting(false);
    if (Math.abs(end.x - start.x) < MIN_BOX_PX || Math.abs(end.y - start.y) < MIN_BOX_PX) {
      this.drawArea();
      return;
    }
    this.options.selectArea(this.areaOf(start, end));
  }

  private cancelBox(): void {
    this.drag = undefined;
    this.drawArea();
  }

  private drawBox(a: { x: number; y: number }, b: { x: number; y: number }): void {
    this.box
      .attr('hidden', null)
      .attr('x', Math.min(a.x, b.x))
      .attr('y', Math.min(a.y, b.y))
      .attr('width', Math.abs(b.x - a.x))
      .attr('height', Math.abs(b.y - a.y));
  }

  /** The chosen area where it is on the map now. */
  private drawArea(): void {
    if (!this.area || !this.size.width) {
      this.box.attr('hidden', '');
      return;
    }
    const [x1, y1] = this.toScreen(this.area.west, this.area.north);
    const [x2, y2] = this.toScreen(this.area.east, this.area.south);
    this.drawBox({ x: x1, y: y1 }, { x: x2, y: y2 });
    this.boxTitle.text(`Selected area: ${formatArea(this.area)}`);
  }

  /** The places under two corners of a box on the screen, as the API's bounding box. */
  private areaOf(a: { x: number; y: number }, b: { x: number; y: number }): BoundingBox {
    const invert = (x: number, y: number) => this.projection.invert!(this.transform.invert([x, y])) ?? [0, 0];
    const [west, north] = invert(Math.min(a.x, b.x), Math.min(a.y, b.y));
    const [east, south] = invert(Math.max(a.x, b.x), Math.max(a.y, b.y));
    const clamp = (n: number, limit: number) => Math.max(-limit, Math.min(limit, n));
    return { west: clamp(west, 180), south: clamp(south, 90), east: clamp(east, 180), north: clamp(north, 90) };
  }

  private areaInView(): BoundingBox {
    return this.areaOf({ x: 0, y: 0 }, { x: this.size.width, y: this.size.height });
  }
}
