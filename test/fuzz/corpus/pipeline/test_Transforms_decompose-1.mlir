func.func @tile(%x: memref<1x4x7x7xf32>, %off: memref<1x18x5x5xf32>, %w: memref<3x3x4x2xf32>,
                %out: memref<1x4x5x5xf32>) {
  scf.forall (%y) = (0) to (5) step (2) {
    %h = affine.min affine_map<(d0) -> (-d0 + 5, 2)>(%y)
    %c0 = arith.constant 0 : index
    %o = memref.subview %off[0, 0, %y, 0] [1, 18, %h, 5] [1, 1, 1, 1] : memref<1x18x5x5xf32> to memref<1x18x?x5xf32, strided<[450, 25, 5, 1], offset: ?>>
    %t = memref.subview %out[0, 0, %y, 0] [1, 4, %h, 5] [1, 1, 1, 1] : memref<1x4x5x5xf32> to memref<1x4x?x5xf32, strided<[100, 25, 5, 1], offset: ?>>
    deform.conv2d ins(%x, %o, %w : memref<1x4x7x7xf32>, memref<1x18x?x5xf32, strided<[450, 25, 5, 1], offset: ?>>, memref<3x3x4x2xf32>)
      outs(%t : memref<1x4x?x5xf32, strided<[100, 25, 5, 1], offset: ?>>) origin(%c0, %y, %c0, %c0)
      {groups = 2, weight_layout = #deform.weight_layout<hwoi>,
       config = #deform.cpu_config<tile = [1, 2, 2, 5], reduction = 2, vector = 8, register_tile = [2, 2]>}
  }
  return
}
