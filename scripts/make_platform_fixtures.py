#!/usr/bin/env python3
"""Writes the hand-made platform-export fixtures of data/fixtures/platforms/.

Every account, name and text is invented (example.org-style handles, small numeric ids); the
layouts follow ../shared/FORMATS.md. Run from the repository root; the output is deterministic.
"""
import json
import os
import struct
import zipfile

ROOT = "data/fixtures/platforms"


def write(rel, text, mode="w"):
    path = os.path.join(ROOT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, mode) as f:
        f.write(text)
    return path


def ytd(name, items, part=0):
    return f"window.YTD.{name}.part{part} = " + json.dumps(items, indent=2) + "\n"


# ---- X/Twitter account archive (owner alice_example, id 1001) ----
X = "x_archive/data/"
write(X + "account.js", ytd("account", [{"account": {
    "email": "alice@example.org", "createdVia": "web", "username": "alice_example",
    "accountId": "1001", "createdAt": "2015-03-01T10:00:00.000Z",
    "accountDisplayName": "Alice Example"}}]))
write(X + "follower.js", ytd("follower", [
    {"follower": {"accountId": i, "userLink": f"https://twitter.com/intent/user?user_id={i}"}}
    for i in ["1002", "1003", "1004"]]))
write(X + "following.js", ytd("following", [
    {"following": {"accountId": "1002", "userLink": "https://twitter.com/intent/user?user_id=1002"}},
    {"following": {"accountId": "1005", "userLink": "https://x.com/intent/user?user_id=1005"}}]))


def mention(handle, i, a, b):
    return {"name": handle.title(), "screen_name": handle, "indices": [str(a), str(b)],
            "id_str": i, "id": i}


write(X + "tweets.js", ytd("tweets", [
    {"tweet": {"id_str": "9001", "id": "9001", "created_at": "Sat Feb 18 12:33:11 +0000 2023",
               "full_text": "RT @bob_example: a fine day", "favorite_count": "0", "retweet_count": "0",
               "entities": {"user_mentions": [mention("bob_example", "1002", 3, 15)],
                            "hashtags": [], "urls": [], "symbols": []}}},
    {"tweet": {"id_str": "9002", "id": "9002", "created_at": "Sun Feb 19 08:00:00 +0000 2023",
               "full_text": "@carol_example agreed, and @dave_example too",
               "in_reply_to_status_id_str": "8001", "in_reply_to_user_id_str": "1003",
               "in_reply_to_user_id": "1003", "in_reply_to_screen_name": "carol_example",
               "entities": {"user_mentions": [mention("carol_example", "1003", 0, 14),
                                              mention("dave_example", "1004", 27, 40)],
                            "hashtags": [], "urls": [], "symbols": []}}},
    {"tweet": {"id_str": "9003", "id": "9003", "created_at": "Mon Feb 20 09:30:00 +0000 2023",
               "full_text": "worth reading, cc @bob_example https://t.co/abc",
               "entities": {"user_mentions": [mention("bob_example", "1002", 18, 30)],
                            "urls": [{"url": "https://t.co/abc",
                                      "expanded_url": "https://twitter.com/Erin_Example/status/7001",
                                      "display_url": "twitter.com/Erin_Example/status/7001"}],
                            "hashtags": [], "symbols": []}}},
]))
write(X + "tweets-part1.js", ytd("tweets", [
    {"tweet": {"id_str": "9004", "id": "9004", "created_at": "Tue Mar 21 18:00:00 +0000 2023",
               "full_text": "hello @frank_example",
               "entities": {"user_mentions": [mention("frank_example", "1005", 6, 20)],
                            "hashtags": [], "urls": [], "symbols": []}}}], part=1))
write(X + "like.js", ytd("like", [
    {"like": {"tweetId": "555", "fullText": "a liked tweet",
              "expandedUrl": "https://twitter.com/bob_example/status/555"}},
    {"like": {"tweetId": "777", "fullText": "another",
              "expandedUrl": "https://twitter.com/i/web/status/777"}}]))
write(X + "profile.js", ytd("profile", [{"profile": {"description": {"bio": "", "website": "", "location": ""}}}]))

os.makedirs(os.path.join(ROOT, "x_zip"), exist_ok=True)
with zipfile.ZipFile(os.path.join(ROOT, "x_zip/twitter-archive.zip"), "w", zipfile.ZIP_DEFLATED) as z:
    for name in sorted(os.listdir(os.path.join(ROOT, X))):
        info = zipfile.ZipInfo("data/" + name, date_time=(2023, 4, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with open(os.path.join(ROOT, X, name), "rb") as f:
            z.writestr(info, f.read())

# ---- Twitter API ----
page = {"data": [
    {"id": "20", "text": "RT @bob: hi", "author_id": "2001", "created_at": "2023-05-01T10:00:00.000Z",
     "referenced_tweets": [{"type": "retweeted", "id": "10"}],
     "entities": {"mentions": [{"start": 3, "end": 7, "username": "bob", "id": "2002"}]},
     "edit_history_tweet_ids": ["20"]},
    {"id": "21", "text": "@carol thanks @dave", "author_id": "2001", "created_at": "2023-05-02T10:00:00.000Z",
     "in_reply_to_user_id": "2003", "referenced_tweets": [{"type": "replied_to", "id": "11"}],
     "entities": {"mentions": [{"start": 0, "end": 6, "username": "carol", "id": "2003"},
                               {"start": 14, "end": 19, "username": "dave"}]},
     "edit_history_tweet_ids": ["21"]}],
    "includes": {"users": [{"id": "2001", "username": "ann", "name": "Ann"},
                           {"id": "2002", "username": "bob", "name": "Bob"},
                           {"id": "2003", "username": "carol", "name": "Carol"},
                           {"id": "2004", "username": "dave", "name": "Dave"}],
                 "tweets": [{"id": "10", "author_id": "2002", "text": "hi"},
                            {"id": "11", "author_id": "2003", "text": "q"}]}}
flat = {"id": "22", "text": "look at this", "author_id": "2003",
        "author": {"id": "2003", "username": "carol", "name": "Carol"},
        "created_at": "2023-05-03T09:00:00.000Z",
        "referenced_tweets": [{"type": "quoted", "id": "12", "author_id": "2002",
                               "author": {"id": "2002", "username": "bob", "name": "Bob"}},
                              {"type": "replied_to", "id": "13"}],
        "__twarc": {"url": "https://api.twitter.com/2/tweets/search/recent", "version": "2.14.0",
                    "retrieved_at": "2023-05-04T00:00:00+00:00"}}
write("twitter_api/tweets_v2.jsonl", json.dumps(page) + "\n" + json.dumps(flat) + "\n")
v1 = [
    {"id_str": "30", "created_at": "Mon May 01 10:00:00 +0000 2017", "text": "RT @bob1: x",
     "user": {"id_str": "3001", "screen_name": "ann1", "name": "Ann One"},
     "retweeted_status": {"id_str": "31", "user": {"id_str": "3002", "screen_name": "bob1"}},
     "entities": {"user_mentions": [{"id_str": "3002", "screen_name": "bob1", "indices": [3, 8]}]}},
    {"id_str": "32", "created_at": "Tue May 02 10:00:00 +0000 2017", "text": "so true @bob1",
     "user": {"id_str": "3003", "screen_name": "cat1"}, "is_quote_status": True,
     "quoted_status_id_str": "29", "quoted_status": {"id_str": "29", "user": {"id_str": "3001", "screen_name": "ann1"}},
     "entities": {"user_mentions": [{"id_str": "3002", "screen_name": "bob1", "indices": [8, 13]}]}},
    {"id_str": "33", "created_at": "Wed May 03 10:00:00 +0000 2017", "text": "@cat1 indeed",
     "user": {"id_str": "3002", "screen_name": "bob1"}, "in_reply_to_user_id_str": "3003",
     "in_reply_to_screen_name": "cat1", "in_reply_to_status_id_str": "32",
     "entities": {"user_mentions": [{"id_str": "3003", "screen_name": "cat1", "indices": [0, 5]}]}},
]
write("twitter_api/tweets_v1.jsonl", "".join(json.dumps(t) + "\n" for t in v1))
write("twitter_api/tweets_twarc.csv",
      "id,conversation_id,referenced_tweets.replied_to.id,referenced_tweets.retweeted.id,"
      "referenced_tweets.quoted.id,author_id,in_reply_to_user_id,in_reply_to_username,"
      "retweeted_user_id,retweeted_username,quoted_user_id,quoted_username,created_at,text,"
      "entities.mentions,author.username\n"
      '40,40,,41,,4001,,,4002,bob2,,,2023-06-01T12:00:00.000Z,RT @bob2: hi,"[""@bob2""]",ann2\n'
      '42,41,41,,,4003,4002,bob2,,,,,2023-06-02T12:00:00.000Z,@bob2 ok @ann2,"[""@bob2"", ""@ann2""]",cat2\n'
      '43,43,,,44,4002,,,,,4003,cat2,2023-06-03T12:00:00.000Z,look,[],bob2\n')

# ---- Instagram (owner iris_example) ----
I = "instagram/connections/followers_and_following/"
def sld(name, ts, value=True, u=False):
    href = f"https://www.instagram.com/{'_u/' if u else ''}{name}"
    d = {"href": href, "timestamp": ts}
    if value:
        d["value"] = name
    return d
write(I + "followers_1.json", json.dumps([
    {"title": "", "media_list_data": [], "string_list_data": [sld("jules_ex", 1700000000)]},
    {"title": "", "media_list_data": [], "string_list_data": [sld("kim_ex", 1700086400)]}], indent=2))
write(I + "followers_2.json", json.dumps([
    {"title": "lee_ex", "string_list_data": [sld("lee_ex", 1700172800, value=False, u=True)]}], indent=2))
write(I + "following.json", json.dumps({"relationships_following": [
    {"title": "", "media_list_data": [], "string_list_data": [sld("jules_ex", 1690000000)]},
    {"title": "max_ex", "string_list_data": [sld("max_ex", 1690086400, value=False, u=True)]}]}, indent=2))
write("instagram/personal_information/personal_information/personal_information.json", json.dumps(
    {"profile_user": [{"media_map_data": {}, "string_map_data": {
        "Username": {"href": "", "value": "iris_example", "timestamp": 0},
        "Name": {"href": "", "value": "Iris Example", "timestamp": 0}}}]}, indent=2))
write("instagram_html/followers_1.html",
      '<html><head><title>Followers</title></head><body>\n<div class="_a6-p"><div><div>'
      '<a target="_blank" href="https://www.instagram.com/nina_ex">nina_ex</a></div>'
      '<div>Jun 13, 2025 11:13 pm</div></div></div>\n<div class="_a6-p"><div><div>'
      '<a target="_blank" href="https://www.instagram.com/oscar_ex">oscar_ex</a></div>'
      '<div>Jun 14, 2025 8:02 am</div></div></div>\n</body></html>\n')
write("instagram_html/following.html",
      '<html><body>\n<div><a target="_blank" href="https://www.instagram.com/_u/nina_ex">nina_ex</a>'
      '<div>May 2, 2025 1:00 pm</div></div>\n</body></html>\n')

# ---- Mastodon (owner quinn@social.example) ----
write("mastodon/following_accounts.csv",
      "Account address,Show boosts,Notify on new posts,Languages\n"
      "rosa@other.example,true,false,\n"
      'sam@social.example,true,true,"en,fr"\n'
      "uma@third.example,false,false,en\n")
write("mastodon/actor.json", json.dumps({"@context": "https://www.w3.org/ns/activitystreams",
      "id": "https://social.example/users/quinn", "type": "Person", "preferredUsername": "quinn",
      "name": "Quinn Example"}, indent=2))
A = "https://social.example/users/quinn"
write("mastodon/outbox.json", json.dumps({"@context": "https://www.w3.org/ns/activitystreams",
      "id": "outbox.json", "type": "OrderedCollection", "totalItems": 3, "orderedItems": [
          {"id": A + "/statuses/1/activity", "type": "Announce", "actor": A,
           "published": "2024-01-05T10:00:00Z", "to": ["https://www.w3.org/ns/activitystreams#Public"],
           "object": "https://other.example/users/rosa/statuses/100"},
          {"id": A + "/statuses/2/activity", "type": "Create", "actor": A,
           "published": "2024-01-06T11:00:00Z",
           "object": {"id": A + "/statuses/2", "type": "Note",
                      "inReplyTo": "https://social.example/users/sam/statuses/200",
                      "content": "<p>@sam @tess yes</p>",
                      "tag": [{"type": "Mention", "href": "https://social.example/users/sam", "name": "@sam"},
                              {"type": "Mention", "href": "https://third.example/users/tess", "name": "@tess@third.example"},
                              {"type": "Hashtag", "href": "https://social.example/tags/x", "name": "#x"}]}},
          {"id": A + "/statuses/3/activity", "type": "Create", "actor": A,
           "published": "2024-02-01T12:00:00Z",
           "object": {"id": A + "/statuses/3", "type": "Note", "inReplyTo": None,
                      "content": "<p>thanks @rosa</p>",
                      "tag": [{"type": "Mention", "href": "https://other.example/@rosa", "name": "@rosa@other.example"}]}}]},
      indent=2))

# ---- Bluesky ----
DID = "did:plc:vera000000000000000000000"
D2, D3, D4, D5 = ("did:plc:wes0000000000000000000000", "did:plc:xia0000000000000000000000",
                  "did:plc:yuri000000000000000000000", "did:plc:zoe0000000000000000000000")
def post_uri(d, k):
    return f"at://{d}/app.bsky.feed.post/{k}"
records = [
    {"$type": "app.bsky.graph.follow", "subject": D2, "createdAt": "2024-03-01T10:00:00.000Z"},
    {"$type": "app.bsky.graph.follow", "subject": {"did": D3, "declarationCid": "bafyreib"}, "createdAt": "2023-01-01T10:00:00.000Z"},
    {"$type": "app.bsky.feed.repost", "subject": {"uri": post_uri(D4, "3k1"), "cid": "bafyrei1"}, "createdAt": "2024-03-02T10:00:00.000Z"},
    {"$type": "app.bsky.feed.like", "subject": {"uri": post_uri(D2, "3k2"), "cid": "bafyrei2"}, "createdAt": "2024-03-03T10:00:00.000Z"},
    {"$type": "app.bsky.feed.post", "text": "yes @zoe.example.com", "createdAt": "2024-03-04T10:00:00.000Z",
     "reply": {"root": {"uri": post_uri(D3, "3k3"), "cid": "c"}, "parent": {"uri": post_uri(D3, "3k3"), "cid": "c"}},
     "facets": [{"index": {"byteStart": 4, "byteEnd": 20}, "features": [{"$type": "app.bsky.richtext.facet#mention", "did": D5}]}]},
    {"$type": "app.bsky.feed.post", "text": "look", "createdAt": "2024-03-05T10:00:00.000Z",
     "embed": {"$type": "app.bsky.embed.record", "record": {"uri": post_uri(D4, "3k4"), "cid": "d"}}},
    {"$type": "app.bsky.actor.profile", "displayName": "Vera"},
]
write("bluesky/records.json", json.dumps({"records": [
    {"uri": f"at://{DID}/{r['$type']}/rk{i}", "cid": f"bafyrec{i}", "value": r} for i, r in enumerate(records)]}, indent=2))


def cbor(v):
    def head(major, n):
        if n < 24:
            return bytes([major << 5 | n])
        for size, fmt, add in ((0xff, ">B", 24), (0xffff, ">H", 25), (0xffffffff, ">I", 26)):
            if n <= size:
                return bytes([major << 5 | add]) + struct.pack(fmt, n)
        return bytes([major << 5 | 27]) + struct.pack(">Q", n)
    if isinstance(v, bool):
        return b"\xf5" if v else b"\xf4"
    if v is None:
        return b"\xf6"
    if isinstance(v, int):
        return head(0, v) if v >= 0 else head(1, -1 - v)
    if isinstance(v, bytes):
        return head(2, len(v)) + v
    if isinstance(v, str):
        b = v.encode()
        return head(3, len(b)) + b
    if isinstance(v, list):
        return head(4, len(v)) + b"".join(cbor(x) for x in v)
    if isinstance(v, dict):
        items = sorted(v.items(), key=lambda kv: (len(kv[0].encode()), kv[0].encode()))
        return head(5, len(items)) + b"".join(cbor(k) + cbor(x) for k, x in items)
    if isinstance(v, Link):
        return b"\xd8\x2a" + cbor(b"\x00" + v.cid)
    raise TypeError(v)


class Link:
    def __init__(self, cid):
        self.cid = cid


def varint(n):
    out = b""
    while True:
        b = n & 0x7f
        n >>= 7
        out += bytes([b | (0x80 if n else 0)])
        if not n:
            return out


def cid_for(i):
    return b"\x01\x71\x12\x20" + bytes([i]) * 32


def car_records(recs, did):
    blocks = []
    commit_cid = cid_for(1)
    commit = {"did": did, "version": 3, "data": Link(cid_for(2)), "rev": "3kabc", "prev": None, "sig": b"\x00" * 8}
    blocks.append((commit_cid, cbor(commit)))
    blocks.append((cid_for(2), cbor({"l": None, "e": []})))  # an MST node (ignored)
    for i, r in enumerate(recs):
        blocks.append((cid_for(10 + i), cbor(r)))
    header = cbor({"version": 1, "roots": [Link(commit_cid)]})
    out = varint(len(header)) + header
    for c, data in blocks:
        out += varint(len(c) + len(data)) + c + data
    return out


with open(os.path.join(ROOT, "bluesky/repo.car"), "wb") as f:
    f.write(car_records(records, DID))

# ---- LinkedIn (owner given with --owner) ----
write("linkedin/Connections.csv",
      "\ufeffNotes:\n"
      '"When exporting your connection data, you may notice that some of the email addresses are missing. '
      'You will only see email addresses for connections who have allowed their connections to see or download their email address."\n'
      "\n"
      "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
      "Ada,Example,https://www.linkedin.com/in/ada-example,,Analytical Co,CTO,12 Jan 2025\n"
      'Ben,Sample,https://www.linkedin.com/in/ben-sample-123,ben.sample@example.org,Sample Ltd,"Engineer, Data",03 Feb 2024\n'
      "Cleo,Test,,,Test GmbH,Analyst,28 Dec 2023\n")

# ---- YouTube ----
def comment(cid, author, name, text, when, parent=None, video="vid001"):
    s = {"videoId": video, "textDisplay": text, "textOriginal": text, "authorDisplayName": name,
         "authorProfileImageUrl": "https://example.org/a.jpg",
         "authorChannelUrl": f"http://www.youtube.com/channel/{author}",
         "authorChannelId": {"value": author}, "canRate": True, "viewerRating": "none",
         "likeCount": 1, "publishedAt": when, "updatedAt": when}
    if parent:
        s["parentId"] = parent
    return {"kind": "youtube#comment", "etag": "e", "id": cid, "snippet": s}
write("youtube/commentThreads.json", json.dumps({"kind": "youtube#commentThreadListResponse", "items": [
    {"kind": "youtube#commentThread", "id": "th1", "snippet": {
        "channelId": "UCowner000", "videoId": "vid001",
        "topLevelComment": comment("c1", "UCaaa000", "@aaa", "great video", "2024-04-01T10:00:00Z"),
        "canReply": True, "totalReplyCount": 2, "isPublic": True},
     "replies": {"comments": [comment("c1.r1", "UCbbb000", "@bbb", "agreed", "2024-04-01T11:00:00Z", "c1"),
                              comment("c1.r2", "UCccc000", "@ccc", "@bbb no", "2024-04-02T09:00:00Z", "c1")]}},
    {"kind": "youtube#commentThread", "id": "th2", "snippet": {
        "videoId": "vid002",
        "topLevelComment": comment("c2", "UCbbb000", "@bbb", "first", "2024-04-03T08:00:00Z", video="vid002"),
        "canReply": True, "totalReplyCount": 0, "isPublic": True}}]}, indent=2))

# ---- Gephi spreadsheet, GraphML, GEXF ----
write("gephi/edges.csv",
      "Source,Target,Type,Kind,Weight,timeset\n"
      'a,b,Directed,follow,1,"<[2020-01-01, 2020-06-01]>"\n'
      "b,c,Undirected,follow,2.5,\n"
      "c,a,Directed,repost,1,<[1600000000]>\n")
write("gephi/nodes.csv", "Id,Label,Modularity Class\na,Anna,0\nb,Bruno,0\nc,Chloe,1\nd,Dora,1\n")
write("graphml/nodexl.graphml", """<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="V-Label" for="node" attr.name="Label" attr.type="string"/>
  <key id="E-Rel" for="edge" attr.name="Relationship" attr.type="string"/>
  <key id="E-W" for="edge" attr.name="Edge Weight" attr.type="double"/>
  <key id="E-Weight" for="edge" attr.name="weight" attr.type="double"/>
  <key id="E-Time" for="edge" attr.name="Timestamp" attr.type="string"/>
  <graph edgedefault="directed">
    <node id="u1"><data key="V-Label">User One</data></node>
    <node id="u2"><data key="V-Label">User Two</data></node>
    <node id="u3"/>
    <edge source="u1" target="u2"><data key="E-Rel">Retweet</data><data key="E-Weight">2</data><data key="E-Time">2022-09-01T10:00:00Z</data></edge>
    <edge source="u2" target="u3"><data key="E-Rel">Mentions</data></edge>
    <edge source="u3" target="u1" directed="false"><data key="E-Rel">Replies to</data></edge>
  </graph>
</graphml>
""")
write("gexf/gephi.gexf", """<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" version="1.3">
  <graph defaultedgetype="directed" mode="dynamic" timeformat="date">
    <attributes class="edge">
      <attribute id="0" title="kind" type="string"/>
    </attributes>
    <nodes>
      <node id="n1" label="Node One"/>
      <node id="n2" label="Node Two"/>
      <node id="n3" label="Node Three"/>
    </nodes>
    <edges>
      <edge id="0" source="n1" target="n2" weight="3" start="2021-01-01">
        <attvalues><attvalue for="0" value="follow"/></attvalues>
      </edge>
      <edge id="1" source="n2" target="n3" type="undirected">
        <attvalues><attvalue for="0" value="mention"/></attvalues>
      </edge>
      <edge id="2" source="n3" target="n1"/>
    </edges>
  </graph>
</gexf>
""")
# ---- Facebook "Download your information" (JSON) ----
# Meta writes every UTF-8 byte of a string as its own \u00XX escape; meta() reproduces that.


def meta(text):
    return text.encode("utf-8").decode("latin-1")


def fb(rel, obj):
    write(rel, json.dumps(obj, indent=2, ensure_ascii=True) + "\n")


# 2023+ layout, owner in personal_information/profile_information/profile_information.json.
FB = "facebook/"
fb(FB + "personal_information/profile_information/profile_information.json", {"profile_v2": {
    "name": {"full_name": meta("Zoé Lefèvre"), "first_name": meta("Zoé"), "middle_name": "",
             "last_name": meta("Lefèvre")},
    "username": "zoe.lefevre.example", "registration_timestamp": 1262304000}})
fb(FB + "connections/friends/your_friends.json", {"friends_v2": [
    {"name": meta("Hélène Dubois"), "timestamp": 1600000000},
    {"name": "Noah Martin", "timestamp": 1610000000},
    {"name": meta("José Núñez"), "timestamp": 1620000000}]})
# Not relations: never read.
fb(FB + "connections/friends/removed_friends.json", {"deleted_friends_v2": [
    {"name": "Old Acquaintance", "timestamp": 1500000000}]})
fb(FB + "connections/friends/sent_friend_requests.json", {"sent_requests_v2": [
    {"name": "Pending Person", "timestamp": 1690000000}]})
fb(FB + "connections/followers/people_who_followed_you.json", {"followers_v3": [
    {"name": meta("Léa Rousseau"), "timestamp": 1680000000},
    {"name": "Noah Martin"}]})
fb(FB + "connections/followers/who_you've_followed.json", {"following_v3": [
    {"name": meta("Hélène Dubois"), "timestamp": 1630000000},
    {"name": meta("Café des Arts"), "timestamp": 1640000000}]})
fb(FB + "your_facebook_activity/pages/pages_you've_liked.json", {"page_likes_v2": [
    {"name": meta("Boulangerie Étoile"), "timestamp": 1650000000,
     "url": "https://www.facebook.com/example.page.1"}]})
fb(FB + "your_facebook_activity/pages/pages_and_profiles_you_follow.json", {"pages_followed_v2": [
    {"timestamp": 1660000000, "data": [{"name": meta("Boulangerie Étoile")}],
     "title": meta("Boulangerie Étoile")},
    {"timestamp": 1670000000, "data": [{"name": meta("Musée Example")}],
     "title": meta("Musée Example")}]})

# 2018-19 layout: unversioned keys, owner in profile_information/profile_information.json.
F19 = "facebook_2019/"
fb(F19 + "profile_information/profile_information.json", {"profile": {
    "name": {"full_name": "Marc Petit", "first_name": "Marc", "last_name": "Petit"}}})
fb(F19 + "friends/friends.json", {"friends": [
    {"name": meta("Anaïs Roy"), "timestamp": 1500000000}]})
fb(F19 + "following_and_followers/following.json", {"following": [
    {"name": "Paul Roy", "timestamp": 1510000000}]})
fb(F19 + "following_and_followers/followers.json", {"followers": [{"name": meta("Inès Blanc")}]})
fb(F19 + "likes_and_reactions/pages.json", {"page_likes": [
    {"name": "Old Page Example", "timestamp": 1520000000}]})

# 2020-22 layout (friends_and_followers/, *_v2 keys), no profile file: give --owner.
F21 = "facebook_2021/friends_and_followers/"
fb(F21 + "friends.json", {"friends_v2": [{"name": "Ava Stone", "timestamp": 1580000000}]})
fb(F21 + "following.json", {"following_v2": [{"name": "Ben Ortiz", "timestamp": 1590000000}]})
fb(F21 + "followers.json", {"followers_v2": [{"name": "Chloe Park", "timestamp": 1595000000}]})

# ---- TikTok "Download your data" (JSON) ----
fb("tiktok/user_data_tiktok.json", {
    "Ads and data": {"Ad Interests": {"AdInterestCategories": ""}},
    "Your Activity": {
        "Follower": {"FansList": [
            {"Date": "2024-03-01 10:00:00", "UserName": "fan_one"},
            {"Date": "2024-03-01 10:00:05", "UserName": "fan_two"},
            {"Date": "2024-03-02 08:30:00", "UserName": "mutual_mia"}]},
        "Following": {"Following": [
            {"Date": "2024-02-01 09:00:00", "UserName": "mutual_mia"},
            {"Date": "2024-02-15 12:00:00", "UserName": "Creator_Cam"}]},
        "Watch History": {"VideoList": [{"Date": "2024-03-03 20:00:00",
                                         "Link": "https://www.tiktokv.com/share/video/1/"}]}},
    "Profile": {"Profile Info": {"ProfileMap": {"userName": "lou_example", "bioDescription": "",
                                                "likesReceived": "0"}}}})
fb("tiktok_2021/user_data.json", {
    "Activity": {
        "Follower List": {"FansList": [{"Date": "2021-11-11 01:22:22", "UserName": "early_fan"}]},
        "Following List": {"Following": [{"Date": "2021-10-01 18:00:00", "UserName": "old_idol"}]},
        "Like List": {"ItemFavoriteList": []}},
    "Profile": {"Profile Information": {"ProfileMap": {"userName": "sam_example"}}},
    "Video": {"Videos": {"VideoList": []}}})

print("fixtures written to", ROOT)
