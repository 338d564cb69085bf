/** How many subscriptions one address, and one WebSocket, may hold open at once. */
import { GraphQLError } from 'graphql';

export class SubscriptionQuota {
  private readonly byAddress = new Map<string, number>();
  private readonly bySocket = new WeakMap<object, number>();

  constructor(private readonly limits: { subscriptionsPerAddress: number; subscriptionsPerConnection: number }) {}

  /** Takes one subscription slot; returns its release. Over a limit: a RATE_LIMITED error. */
  acquire(address: string, socket?: object): () => void {
    const fromAddress = this.byAddress.get(address) ?? 0;
    if (fromAddress >= this.limits.subscriptionsPerAddress) {
      throw refused(`at most ${this.limits.subscriptionsPerAddress} subscriptions may be open from one address`);
    }
    const onSocket = socket ? (this.bySocket.get(socket) ?? 0) : 0;
    if (socket && onSocket >= this.limits.subscriptionsPerConnection) {
      throw refused(`at most ${this.limits.subscriptionsPerConnection} subscriptions may be open on one connection`);
    }
    this.byAddress.set(address, fromAddress + 1);
    if (socket) this.bySocket.set(socket, onSocket + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.byAddress.get(address) ?? 1) - 1;
      if (left > 0) this.byAddress.set(address, left);
      else this.byAddress.delete(address);
      if (socket) this.bySocket.set(socket, (this.bySocket.get(socket) ?? 1) - 1);
    };
  }
}

const refused = (why: string) =>
  new GraphQLError(`Too many subscriptions: ${why}. Close one, or subscribe to several kinds with one filter.`, {
    extensions: { code: 'RATE_LIMITED', http: { status: 429 } },
  });
