// How long a topic is as a server counts it, and the words for one too long for a room (pure: the panel and the
// clients say so before sending, so a refused topic is still there to shorten).

import { withCommas } from './counts';
import { TOPIC_FIELD_MAX } from './limits';
import { cleanLine } from './text';

/**
 * The most a room's topic may hold by a welcome's `maxTopic` (characters): a server that does not say (an older
 * one) or says nonsense is held to what a request's topic field carries, and no server to more.
 */
export function maxTopicOf(said: unknown): number {
  return typeof said === 'number' && Number.isSafeInteger(said) && said > 0 ? Math.min(said, TOPIC_FIELD_MAX) : TOPIC_FIELD_MAX;
}

/** How long `topic` is as the server counts it: characters (code points) of the topic on one line, as it keeps it. */
export function topicLength(topic: string): number {
  return [...cleanLine(topic)].length;
}

/**
 * Why a room that takes `max` characters of topic would refuse `topic`, or undefined when it fits. Counted as the
 * server counts (topicLength); and the request's field holds at most TOPIC_FIELD_MAX UTF-16 units as typed (past
 * that the request is malformed, whatever it cleans down to).
 */
export function topicTooLong(topic: string, max: number): string | undefined {
  const kept = topicLength(topic);
  const typed = topic.length > TOPIC_FIELD_MAX ? [...topic].length : 0;
  if (kept <= max && typed === 0) return undefined;
  return `a topic has at most ${withCommas(Math.min(max, TOPIC_FIELD_MAX))} characters; this one has ${withCommas(Math.max(kept, typed))}`;
}
