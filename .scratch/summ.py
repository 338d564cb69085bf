import json,re,sys
d=json.load(open(sys.argv[1]))
print(d['numPassedTests'],'passed',d['numFailedTests'],'failed')
for f in d['testResults']:
  if f.get('message'): print('FILE', re.sub(r'\x1b\[[0-9;]*m','',f['message'])[:1500])
  for t in f['assertionResults']:
    if t['status']!='passed':
      for m in t['failureMessages'][:3]:
        m=re.sub(r'\x1b\[[0-9;]*m','',m).split('\n')[0]
        print('-', t['title'], '::', m[:400])
