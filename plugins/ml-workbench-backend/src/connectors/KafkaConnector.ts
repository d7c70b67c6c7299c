import { Admin } from '@platformatic/kafka';
import type {
  KafkaConsumerGroupView,
  KafkaPartitionLag,
  KafkaTopicView,
} from '@mlops-portal/plugin-ml-workbench-common';
import type { KafkaInstanceConfig } from '../config/readMlWorkbenchConfig';
import { ToolError } from './ToolError';

/** Kafka's "latest offset" timestamp for ListOffsets (the high watermark). */
const LATEST = -1n;

/** The admin client calls the connector uses; tests may pass another implementation. */
export type KafkaAdmin = Pick<
  Admin,
  'listTopics' | 'metadata' | 'listOffsets' | 'describeGroups' | 'listConsumerGroupOffsets' | 'close'
>;

/**
 * Reads topics and consumer groups of one Kafka cluster through the admin
 * protocol, with `@platformatic/kafka` (a pure-JavaScript client: no
 * librdkafka, so nothing is downloaded at install time). One admin client per
 * instance, opened on first use and closed at shutdown.
 */
export class KafkaConnector {
  private admin?: KafkaAdmin;

  constructor(
    private readonly config: KafkaInstanceConfig,
    private readonly timeoutMs: number,
    private readonly createAdmin: (config: KafkaInstanceConfig, timeoutMs: number) => KafkaAdmin = defaultAdmin,
  ) {}

  private client(): KafkaAdmin {
    this.admin ??= this.createAdmin(this.config, this.timeoutMs);
    return this.admin;
  }

  private async guard<T>(what: string, fn: (admin: KafkaAdmin) => Promise<T>): Promise<T> {
    try {
      return await fn(this.client());
    } catch (e) {
      if (e instanceof ToolError) throw e;
      const err = e as Error & { errors?: Error[] };
      const detail = err.errors?.[0]?.message ?? err.message;
      throw new ToolError('kafka', 'unreachable', `${this.config.brokers.join(',')} could not answer ${what} (${detail})`);
    }
  }

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.close().catch(() => undefined);
  }

  /** End offsets of every partition of the given topics. */
  private async endOffsets(admin: KafkaAdmin, topics: Map<string, number[]>): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (!topics.size) return out;
    const listed = await admin.listOffsets({
      topics: [...topics].map(([name, partitions]) => ({
        name,
        partitions: partitions.map(partitionIndex => ({ partitionIndex, timestamp: LATEST })),
      })),
    });
    for (const t of listed) {
      for (const p of t.partitions) out.set(`${t.name}/${p.partitionIndex}`, Number(p.offset));
    }
    return out;
  }

  /** Partitions, leaders, replicas, in-sync replicas and end offsets of the named topics. */
  async describeTopics(names: string[]): Promise<KafkaTopicView[]> {
    if (!names.length) return [];
    return this.guard(`topics ${names.join(', ')}`, async admin => {
      const existing = new Set(await admin.listTopics({ includeInternals: false }));
      const present = names.filter(n => existing.has(n));
      const metadata = present.length
        ? await admin.metadata({ topics: present, autocreateTopics: false, forceUpdate: true })
        : undefined;
      const partitionsOf = new Map<string, number[]>();
      for (const name of present) {
        const t = metadata?.topics.get(name);
        partitionsOf.set(name, (t?.partitions ?? []).map((_p, i) => i));
      }
      const ends = await this.endOffsets(admin, partitionsOf);
      return names.map(name => {
        const t = metadata?.topics.get(name);
        if (!t) return { name, found: false, partitions: [], underReplicated: 0 };
        const partitions = t.partitions.map((p, partition) => ({
          partition,
          leader: p.leader,
          replicas: [...p.replicas],
          isr: [...p.isr],
          endOffset: ends.get(`${name}/${partition}`),
        }));
        return {
          name,
          found: true,
          partitions,
          underReplicated: partitions.filter(p => p.isr.length < p.replicas.length).length,
        };
      });
    });
  }

  /** State, members and per-partition lag (end offset − committed offset) of the named groups. */
  async describeGroups(groupIds: string[]): Promise<Array<Omit<KafkaConsumerGroupView, 'history'>>> {
    if (!groupIds.length) return [];
    return this.guard(`consumer groups ${groupIds.join(', ')}`, async admin => {
      const described = await admin.describeGroups({ groups: groupIds });
      const offsets = await admin.listConsumerGroupOffsets({ groups: groupIds });
      const committed = new Map<string, Map<string, number>>();
      const partitionsOf = new Map<string, number[]>();
      for (const g of offsets) {
        const m = new Map<string, number>();
        for (const t of g.topics ?? []) {
          for (const p of t.partitions) {
            m.set(`${t.name}/${p.partitionIndex}`, Number(p.committedOffset));
            const list = partitionsOf.get(t.name) ?? [];
            if (!list.includes(p.partitionIndex)) list.push(p.partitionIndex);
            partitionsOf.set(t.name, list);
          }
        }
        committed.set(g.groupId, m);
      }
      const ends = await this.endOffsets(admin, partitionsOf);
      return groupIds.map(groupId => {
        const g = described.get(groupId);
        const partitions: KafkaPartitionLag[] = [...(committed.get(groupId) ?? new Map<string, number>())]
          .map(([key, offset]) => {
            const [topic, partition] = [key.slice(0, key.lastIndexOf('/')), Number(key.slice(key.lastIndexOf('/') + 1))];
            const endOffset = ends.get(key) ?? 0;
            // -1: the group has no committed offset on this partition.
            const c = offset >= 0 ? offset : null;
            return { topic, partition, committed: c, endOffset, lag: c === null ? 0 : Math.max(0, endOffset - c) };
          })
          .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
        // A group the broker does not know is reported as Dead with no members and no offsets.
        const found = !!g && !(g.state === 'Dead' && partitions.length === 0);
        return {
          groupId,
          found,
          state: g?.state,
          members: g ? g.members.size : undefined,
          lag: partitions.reduce((sum, p) => sum + p.lag, 0),
          partitions,
        };
      });
    });
  }
}

function defaultAdmin(config: KafkaInstanceConfig, timeoutMs: number): KafkaAdmin {
  return new Admin({
    clientId: config.clientId,
    bootstrapBrokers: config.brokers,
    timeout: timeoutMs,
    connectTimeout: Math.min(timeoutMs, 5_000),
    requestTimeout: timeoutMs,
    // One retry: a page waiting on a down broker should hear so quickly.
    retries: 1,
    retryDelay: 250,
    tls: config.tls ? {} : undefined,
    sasl: config.sasl
      ? { mechanism: config.sasl.mechanism, username: config.sasl.username, password: config.sasl.password }
      : undefined,
  });
}
