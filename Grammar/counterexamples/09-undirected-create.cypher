// error: RequiresDirectedRelationship at 2:31
CREATE (:Person {name: '杨丙红'})-[:HOLDS {title: '区长'}]-(:Place {name: '庐阳区'})
