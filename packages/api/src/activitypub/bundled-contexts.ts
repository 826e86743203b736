/**
 * JSON-LD contexts the hub answers from memory on top of Fedify's own copies.
 * LitePub's is referenced by Pleroma, Akkoma and Mobilizon on every actor and
 * activity; fetching it for each incoming request would be slow and would make
 * accepting a follower depend on litepub.social being up.
 */
export const BUNDLED_CONTEXTS: Record<string, unknown> = {
  'https://litepub.social/litepub/context.jsonld': litepub(),
  'http://litepub.social/litepub/context.jsonld': litepub(),
};

function litepub() {
  return {
    '@context': [
      'https://www.w3.org/ns/activitystreams',
      'https://w3id.org/security/v1',
      {
        Emoji: 'toot:Emoji',
        Hashtag: 'as:Hashtag',
        PropertyValue: 'schema:PropertyValue',
        atomUri: 'ostatus:atomUri',
        conversation: { '@id': 'ostatus:conversation', '@type': '@id' },
        discoverable: 'toot:discoverable',
        manuallyApprovesFollowers: 'as:manuallyApprovesFollowers',
        capabilities: 'litepub:capabilities',
        ostatus: 'http://ostatus.org#',
        schema: 'http://schema.org#',
        toot: 'http://joinmastodon.org/ns#',
        misskey: 'https://misskey-hub.net/ns#',
        fedibird: 'http://fedibird.com/ns#',
        value: 'schema:value',
        sensitive: 'as:sensitive',
        litepub: 'http://litepub.social/ns#',
        invisible: 'litepub:invisible',
        directMessage: 'litepub:directMessage',
        listMessage: { '@id': 'litepub:listMessage', '@type': '@id' },
        quoteUrl: 'as:quoteUrl',
        quoteUri: 'fedibird:quoteUri',
        oauthRegistrationEndpoint: { '@id': 'litepub:oauthRegistrationEndpoint', '@type': '@id' },
        EmojiReact: 'litepub:EmojiReact',
        ChatMessage: 'litepub:ChatMessage',
        alsoKnownAs: { '@id': 'as:alsoKnownAs', '@type': '@id' },
        vcard: 'http://www.w3.org/2006/vcard/ns#',
        formerRepresentations: 'litepub:formerRepresentations',
      },
    ],
  };
}
