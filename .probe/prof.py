import json,sys,collections
p=json.load(open(sys.argv[1]))
nodes={n['id']:n for n in p['nodes']}
parent={}
for n in p['nodes']:
    for c in n.get('children',[]): parent[c]=n['id']
dt=collections.Counter()
for s,d in zip(p['samples'],p['timeDeltas']): dt[s]+=d
total=sum(dt.values())
self_=collections.Counter()
for nid,t in dt.items():
    cf=nodes[nid]['callFrame']
    self_[(cf['functionName'] or '(anon)')+' '+cf['url'].split('/')[-1]+':'+str(cf['lineNumber'])]+=t
print('total ms',total/1000)
for k,v in self_.most_common(int(sys.argv[2]) if len(sys.argv)>2 else 25): print(f'{v/total*100:5.1f}% {k}')
# inclusive by url
incl=collections.Counter()
for nid,t in dt.items():
    seen=set(); x=nid
    while x in nodes:
        u=nodes[x]['callFrame']['url'].split('/node_modules/')[-1].split('/')[0] if '/node_modules/' in nodes[x]['callFrame']['url'] else nodes[x]['callFrame']['url'].split('/')[-1]
        if u not in seen: incl[u]+=t; seen.add(u)
        x=parent.get(x)
print('--- inclusive by package/file')
for k,v in incl.most_common(20): print(f'{v/total*100:5.1f}% {k}')
