; ModuleID = 'LLVMDialectModule'
source_filename = "LLVMDialectModule"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

define { ptr, ptr, i64, [4 x i64], [4 x i64] } @main(ptr %0, ptr %1, ptr %2, i64 %3, i64 %4, i64 %5, i64 %6, i64 %7, i64 %8, i64 %9, i64 %10, i64 %11, ptr %12, ptr %13, i64 %14, i64 %15, i64 %16, i64 %17, i64 %18, i64 %19, i64 %20, i64 %21, i64 %22, ptr %23, ptr %24, i64 %25, i64 %26, i64 %27, i64 %28, i64 %29, i64 %30, i64 %31, i64 %32, i64 %33) local_unnamed_addr #0 {
  %35 = alloca { ptr, i64, i64, i64, i64, i64, ptr, ptr, i64, i64, i64, i64, i64, i64, i64, i64, i64, ptr, ptr, i64, i64, i64, i64, i64, i64, i64, i64, i64, ptr, ptr, i64, i64, i64, i64, i64, i64, i64, i64, i64, ptr, ptr, i64, i64, i64, i64, i64, i64, i64, i64, i64 }, align 8
  %36 = mul i64 %18, %17
  %37 = shl i64 %15, 2
  %.idx = mul i64 %37, %36
  %38 = add i64 %.idx, 64
  %39 = tail call ptr @deform_kernel_alloc(i64 %38)
  %40 = icmp eq ptr %39, null
  br i1 %40, label %common.ret, label %41

common.ret:                                       ; preds = %34, %41
  %common.ret.op = phi { ptr, ptr, i64, [4 x i64], [4 x i64] } [ %56, %41 ], [ zeroinitializer, %34 ]
  ret { ptr, ptr, i64, [4 x i64], [4 x i64] } %common.ret.op

41:                                               ; preds = %34
  %42 = ptrtoint ptr %39 to i64
  %43 = add i64 %42, 63
  %44 = and i64 %43, -64
  %45 = inttoptr i64 %44 to ptr
  %46 = insertvalue { ptr, ptr, i64, [4 x i64], [4 x i64] } poison, ptr %39, 0
  %47 = insertvalue { ptr, ptr, i64, [4 x i64], [4 x i64] } %46, ptr %45, 1
  %48 = insertvalue { ptr, ptr, i64, [4 x i64], [4 x i64] } %47, i64 0, 2
  %49 = insertvalue { ptr, ptr, i64, [4 x i64], [4 x i64] } %48, i64 %15, 3, 0
  %50 = insertvalue { ptr, ptr, i64, [4 x i64], [4 x i64] } %49, i64 %17, 3, 1
  %51 = insertvalue { ptr, ptr, i64, [4 x i64], [4 x i64] } %50, i64 %18, 3, 2
  %52 = insertvalue { ptr, ptr, i64, [4 x i64], [4 x i64] } %51, i64 1, 3, 3
  %53 = insertvalue { ptr, ptr, i64, [4 x i64], [4 x i64] } %52, i64 %36, 4, 0
  %54 = insertvalue { ptr, ptr, i64, [4 x i64], [4 x i64] } %53, i64 %18, 4, 1
  %55 = insertvalue { ptr, ptr, i64, [4 x i64], [4 x i64] } %54, i64 1, 4, 2
  %56 = insertvalue { ptr, ptr, i64, [4 x i64], [4 x i64] } %55, i64 1, 4, 3
  %57 = icmp eq i64 %17, 0
  %58 = add i64 %17, -1
  %59 = lshr i64 %58, 1
  %60 = add nuw i64 %59, 1
  %61 = select i1 %57, i64 0, i64 %60
  %62 = mul i64 %61, %15
  %63 = icmp eq i64 %18, 0
  %64 = add i64 %18, -1
  %65 = lshr i64 %64, 4
  %66 = add nuw nsw i64 %65, 1
  %67 = select i1 %63, i64 0, i64 %66
  %68 = mul i64 %62, %67
  call void @llvm.lifetime.start.p0(ptr nonnull %35)
  store ptr %0, ptr %35, align 8
  %69 = getelementptr inbounds nuw i8, ptr %35, i64 8
  store i64 %15, ptr %69, align 8
  %70 = getelementptr inbounds nuw i8, ptr %35, i64 16
  store i64 %61, ptr %70, align 8
  %71 = getelementptr inbounds nuw i8, ptr %35, i64 24
  store i64 %67, ptr %71, align 8
  %72 = getelementptr inbounds nuw i8, ptr %35, i64 32
  store i64 %17, ptr %72, align 8
  %73 = getelementptr inbounds nuw i8, ptr %35, i64 40
  store i64 %18, ptr %73, align 8
  %74 = getelementptr inbounds nuw i8, ptr %35, i64 48
  store ptr %1, ptr %74, align 8
  %75 = getelementptr inbounds nuw i8, ptr %35, i64 56
  store ptr %2, ptr %75, align 8
  %76 = getelementptr inbounds nuw i8, ptr %35, i64 64
  store i64 %3, ptr %76, align 8
  %77 = getelementptr inbounds nuw i8, ptr %35, i64 72
  store i64 %4, ptr %77, align 8
  %78 = getelementptr inbounds nuw i8, ptr %35, i64 80
  store i64 %5, ptr %78, align 8
  %79 = getelementptr inbounds nuw i8, ptr %35, i64 88
  store i64 %6, ptr %79, align 8
  %80 = getelementptr inbounds nuw i8, ptr %35, i64 96
  store i64 %7, ptr %80, align 8
  %81 = getelementptr inbounds nuw i8, ptr %35, i64 104
  store i64 %8, ptr %81, align 8
  %82 = getelementptr inbounds nuw i8, ptr %35, i64 112
  store i64 %9, ptr %82, align 8
  %83 = getelementptr inbounds nuw i8, ptr %35, i64 120
  store i64 %10, ptr %83, align 8
  %84 = getelementptr inbounds nuw i8, ptr %35, i64 128
  store i64 %11, ptr %84, align 8
  %85 = getelementptr inbounds nuw i8, ptr %35, i64 136
  store ptr %12, ptr %85, align 8
  %86 = getelementptr inbounds nuw i8, ptr %35, i64 144
  store ptr %13, ptr %86, align 8
  %87 = getelementptr inbounds nuw i8, ptr %35, i64 152
  store i64 %14, ptr %87, align 8
  %88 = getelementptr inbounds nuw i8, ptr %35, i64 160
  store i64 %15, ptr %88, align 8
  %89 = getelementptr inbounds nuw i8, ptr %35, i64 168
  store i64 %16, ptr %89, align 8
  %90 = getelementptr inbounds nuw i8, ptr %35, i64 176
  store i64 %17, ptr %90, align 8
  %91 = getelementptr inbounds nuw i8, ptr %35, i64 184
  store i64 %18, ptr %91, align 8
  %92 = getelementptr inbounds nuw i8, ptr %35, i64 192
  store i64 %19, ptr %92, align 8
  %93 = getelementptr inbounds nuw i8, ptr %35, i64 200
  store i64 %20, ptr %93, align 8
  %94 = getelementptr inbounds nuw i8, ptr %35, i64 208
  store i64 %21, ptr %94, align 8
  %95 = getelementptr inbounds nuw i8, ptr %35, i64 216
  store i64 %22, ptr %95, align 8
  %96 = getelementptr inbounds nuw i8, ptr %35, i64 224
  store ptr %39, ptr %96, align 8
  %97 = getelementptr inbounds nuw i8, ptr %35, i64 232
  store ptr %45, ptr %97, align 8
  %98 = getelementptr inbounds nuw i8, ptr %35, i64 240
  store i64 0, ptr %98, align 8
  %99 = getelementptr inbounds nuw i8, ptr %35, i64 248
  store i64 %15, ptr %99, align 8
  %100 = getelementptr inbounds nuw i8, ptr %35, i64 256
  store i64 %17, ptr %100, align 8
  %101 = getelementptr inbounds nuw i8, ptr %35, i64 264
  store i64 %18, ptr %101, align 8
  %102 = getelementptr inbounds nuw i8, ptr %35, i64 272
  store i64 1, ptr %102, align 8
  %103 = getelementptr inbounds nuw i8, ptr %35, i64 280
  store i64 %36, ptr %103, align 8
  %104 = getelementptr inbounds nuw i8, ptr %35, i64 288
  store i64 %18, ptr %104, align 8
  %105 = getelementptr inbounds nuw i8, ptr %35, i64 296
  store i64 1, ptr %105, align 8
  %106 = getelementptr inbounds nuw i8, ptr %35, i64 304
  store i64 1, ptr %106, align 8
  %107 = getelementptr inbounds nuw i8, ptr %35, i64 312
  store ptr %23, ptr %107, align 8
  %108 = getelementptr inbounds nuw i8, ptr %35, i64 320
  store ptr %24, ptr %108, align 8
  %109 = getelementptr inbounds nuw i8, ptr %35, i64 328
  store i64 %25, ptr %109, align 8
  %110 = getelementptr inbounds nuw i8, ptr %35, i64 336
  store i64 %26, ptr %110, align 8
  %111 = getelementptr inbounds nuw i8, ptr %35, i64 344
  store i64 %27, ptr %111, align 8
  %112 = getelementptr inbounds nuw i8, ptr %35, i64 352
  store i64 %28, ptr %112, align 8
  %113 = getelementptr inbounds nuw i8, ptr %35, i64 360
  store i64 %29, ptr %113, align 8
  %114 = getelementptr inbounds nuw i8, ptr %35, i64 368
  store i64 %30, ptr %114, align 8
  %115 = getelementptr inbounds nuw i8, ptr %35, i64 376
  store i64 %31, ptr %115, align 8
  %116 = getelementptr inbounds nuw i8, ptr %35, i64 384
  store i64 %32, ptr %116, align 8
  %117 = getelementptr inbounds nuw i8, ptr %35, i64 392
  store i64 %33, ptr %117, align 8
  call void @deform_kernel_parallel_for(ptr %0, i64 %68, ptr nonnull @main__tiles0__entry, ptr nonnull %35)
  call void @llvm.lifetime.end.p0(ptr nonnull %35)
  br label %common.ret
}

define void @_mlir_ciface_main(ptr writeonly captures(none) initializes((0, 88)) %0, ptr %1, ptr readonly captures(none) %2, ptr readonly captures(none) %3, ptr readonly captures(none) %4) local_unnamed_addr #0 {
  %.unpack = load ptr, ptr %2, align 8
  %.elt1 = getelementptr inbounds nuw i8, ptr %2, i64 8
  %.unpack2 = load ptr, ptr %.elt1, align 8
  %.elt3 = getelementptr inbounds nuw i8, ptr %2, i64 16
  %.unpack4 = load i64, ptr %.elt3, align 8
  %.elt5 = getelementptr inbounds nuw i8, ptr %2, i64 24
  %.unpack6.unpack = load i64, ptr %.elt5, align 8
  %.unpack6.elt9 = getelementptr inbounds nuw i8, ptr %2, i64 32
  %.unpack6.unpack10 = load i64, ptr %.unpack6.elt9, align 8
  %.unpack6.elt11 = getelementptr inbounds nuw i8, ptr %2, i64 40
  %.unpack6.unpack12 = load i64, ptr %.unpack6.elt11, align 8
  %.unpack6.elt13 = getelementptr inbounds nuw i8, ptr %2, i64 48
  %.unpack6.unpack14 = load i64, ptr %.unpack6.elt13, align 8
  %.elt7 = getelementptr inbounds nuw i8, ptr %2, i64 56
  %.unpack8.unpack = load i64, ptr %.elt7, align 8
  %.unpack8.elt16 = getelementptr inbounds nuw i8, ptr %2, i64 64
  %.unpack8.unpack17 = load i64, ptr %.unpack8.elt16, align 8
  %.unpack8.elt18 = getelementptr inbounds nuw i8, ptr %2, i64 72
  %.unpack8.unpack19 = load i64, ptr %.unpack8.elt18, align 8
  %.unpack8.elt20 = getelementptr inbounds nuw i8, ptr %2, i64 80
  %.unpack8.unpack21 = load i64, ptr %.unpack8.elt20, align 8
  %.unpack23 = load ptr, ptr %3, align 8
  %.elt24 = getelementptr inbounds nuw i8, ptr %3, i64 8
  %.unpack25 = load ptr, ptr %.elt24, align 8
  %.elt26 = getelementptr inbounds nuw i8, ptr %3, i64 16
  %.unpack27 = load i64, ptr %.elt26, align 8
  %.elt28 = getelementptr inbounds nuw i8, ptr %3, i64 24
  %.unpack29.unpack = load i64, ptr %.elt28, align 8
  %.unpack29.elt32 = getelementptr inbounds nuw i8, ptr %3, i64 32
  %.unpack29.unpack33 = load i64, ptr %.unpack29.elt32, align 8
  %.unpack29.elt34 = getelementptr inbounds nuw i8, ptr %3, i64 40
  %.unpack29.unpack35 = load i64, ptr %.unpack29.elt34, align 8
  %.unpack29.elt36 = getelementptr inbounds nuw i8, ptr %3, i64 48
  %.unpack29.unpack37 = load i64, ptr %.unpack29.elt36, align 8
  %.elt30 = getelementptr inbounds nuw i8, ptr %3, i64 56
  %.unpack31.unpack = load i64, ptr %.elt30, align 8
  %.unpack31.elt39 = getelementptr inbounds nuw i8, ptr %3, i64 64
  %.unpack31.unpack40 = load i64, ptr %.unpack31.elt39, align 8
  %.unpack31.elt41 = getelementptr inbounds nuw i8, ptr %3, i64 72
  %.unpack31.unpack42 = load i64, ptr %.unpack31.elt41, align 8
  %.unpack31.elt43 = getelementptr inbounds nuw i8, ptr %3, i64 80
  %.unpack31.unpack44 = load i64, ptr %.unpack31.elt43, align 8
  %.unpack46 = load ptr, ptr %4, align 8
  %.elt47 = getelementptr inbounds nuw i8, ptr %4, i64 8
  %.unpack48 = load ptr, ptr %.elt47, align 8
  %.elt49 = getelementptr inbounds nuw i8, ptr %4, i64 16
  %.unpack50 = load i64, ptr %.elt49, align 8
  %.elt51 = getelementptr inbounds nuw i8, ptr %4, i64 24
  %.unpack52.unpack = load i64, ptr %.elt51, align 8
  %.unpack52.elt55 = getelementptr inbounds nuw i8, ptr %4, i64 32
  %.unpack52.unpack56 = load i64, ptr %.unpack52.elt55, align 8
  %.unpack52.elt57 = getelementptr inbounds nuw i8, ptr %4, i64 40
  %.unpack52.unpack58 = load i64, ptr %.unpack52.elt57, align 8
  %.unpack52.elt59 = getelementptr inbounds nuw i8, ptr %4, i64 48
  %.unpack52.unpack60 = load i64, ptr %.unpack52.elt59, align 8
  %.elt53 = getelementptr inbounds nuw i8, ptr %4, i64 56
  %.unpack54.unpack = load i64, ptr %.elt53, align 8
  %.unpack54.elt62 = getelementptr inbounds nuw i8, ptr %4, i64 64
  %.unpack54.unpack63 = load i64, ptr %.unpack54.elt62, align 8
  %.unpack54.elt64 = getelementptr inbounds nuw i8, ptr %4, i64 72
  %.unpack54.unpack65 = load i64, ptr %.unpack54.elt64, align 8
  %.unpack54.elt66 = getelementptr inbounds nuw i8, ptr %4, i64 80
  %.unpack54.unpack67 = load i64, ptr %.unpack54.elt66, align 8
  %6 = tail call { ptr, ptr, i64, [4 x i64], [4 x i64] } @main(ptr %1, ptr %.unpack, ptr %.unpack2, i64 %.unpack4, i64 %.unpack6.unpack, i64 %.unpack6.unpack10, i64 %.unpack6.unpack12, i64 %.unpack6.unpack14, i64 %.unpack8.unpack, i64 %.unpack8.unpack17, i64 %.unpack8.unpack19, i64 %.unpack8.unpack21, ptr %.unpack23, ptr %.unpack25, i64 %.unpack27, i64 %.unpack29.unpack, i64 %.unpack29.unpack33, i64 %.unpack29.unpack35, i64 %.unpack29.unpack37, i64 %.unpack31.unpack, i64 %.unpack31.unpack40, i64 %.unpack31.unpack42, i64 %.unpack31.unpack44, ptr %.unpack46, ptr %.unpack48, i64 %.unpack50, i64 %.unpack52.unpack, i64 %.unpack52.unpack56, i64 %.unpack52.unpack58, i64 %.unpack52.unpack60, i64 %.unpack54.unpack, i64 %.unpack54.unpack63, i64 %.unpack54.unpack65, i64 %.unpack54.unpack67)
  %.elt = extractvalue { ptr, ptr, i64, [4 x i64], [4 x i64] } %6, 0
  store ptr %.elt, ptr %0, align 8
  %.repack69 = getelementptr inbounds nuw i8, ptr %0, i64 8
  %.elt70 = extractvalue { ptr, ptr, i64, [4 x i64], [4 x i64] } %6, 1
  store ptr %.elt70, ptr %.repack69, align 8
  %.repack71 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %.elt72 = extractvalue { ptr, ptr, i64, [4 x i64], [4 x i64] } %6, 2
  store i64 %.elt72, ptr %.repack71, align 8
  %.repack73 = getelementptr inbounds nuw i8, ptr %0, i64 24
  %.elt74 = extractvalue { ptr, ptr, i64, [4 x i64], [4 x i64] } %6, 3
  %.elt74.elt = extractvalue [4 x i64] %.elt74, 0
  store i64 %.elt74.elt, ptr %.repack73, align 8
  %.repack73.repack77 = getelementptr inbounds nuw i8, ptr %0, i64 32
  %.elt74.elt78 = extractvalue [4 x i64] %.elt74, 1
  store i64 %.elt74.elt78, ptr %.repack73.repack77, align 8
  %.repack73.repack79 = getelementptr inbounds nuw i8, ptr %0, i64 40
  %.elt74.elt80 = extractvalue [4 x i64] %.elt74, 2
  store i64 %.elt74.elt80, ptr %.repack73.repack79, align 8
  %.repack73.repack81 = getelementptr inbounds nuw i8, ptr %0, i64 48
  %.elt74.elt82 = extractvalue [4 x i64] %.elt74, 3
  store i64 %.elt74.elt82, ptr %.repack73.repack81, align 8
  %.repack75 = getelementptr inbounds nuw i8, ptr %0, i64 56
  %.elt76 = extractvalue { ptr, ptr, i64, [4 x i64], [4 x i64] } %6, 4
  %.elt76.elt = extractvalue [4 x i64] %.elt76, 0
  store i64 %.elt76.elt, ptr %.repack75, align 8
  %.repack75.repack83 = getelementptr inbounds nuw i8, ptr %0, i64 64
  %.elt76.elt84 = extractvalue [4 x i64] %.elt76, 1
  store i64 %.elt76.elt84, ptr %.repack75.repack83, align 8
  %.repack75.repack85 = getelementptr inbounds nuw i8, ptr %0, i64 72
  %.elt76.elt86 = extractvalue [4 x i64] %.elt76, 2
  store i64 %.elt76.elt86, ptr %.repack75.repack85, align 8
  %.repack75.repack87 = getelementptr inbounds nuw i8, ptr %0, i64 80
  %.elt76.elt88 = extractvalue [4 x i64] %.elt76, 3
  store i64 %.elt76.elt88, ptr %.repack75.repack87, align 8
  ret void
}

; Function Attrs: nofree norecurse nosync nounwind memory(readwrite, inaccessiblemem: none, target_mem0: none, target_mem1: none)
define internal void @main__tiles0__entry(i64 %0, i64 %1, ptr readonly captures(none) %2) #1 {
  %4 = getelementptr i8, ptr %2, i64 16
  %5 = load i64, ptr %4, align 4
  %6 = getelementptr i8, ptr %2, i64 24
  %7 = load i64, ptr %6, align 4
  %8 = getelementptr i8, ptr %2, i64 32
  %9 = load i64, ptr %8, align 4
  %10 = getelementptr i8, ptr %2, i64 40
  %11 = load i64, ptr %10, align 4
  %12 = getelementptr i8, ptr %2, i64 56
  %13 = load ptr, ptr %12, align 8
  %14 = getelementptr i8, ptr %2, i64 80
  %15 = load <2 x i64>, ptr %14, align 8
  %16 = getelementptr i8, ptr %2, i64 104
  %17 = load i64, ptr %16, align 8
  %18 = getelementptr i8, ptr %2, i64 112
  %19 = load i64, ptr %18, align 8
  %20 = getelementptr i8, ptr %2, i64 144
  %21 = load ptr, ptr %20, align 8
  %22 = getelementptr i8, ptr %2, i64 192
  %23 = load i64, ptr %22, align 8
  %24 = getelementptr i8, ptr %2, i64 200
  %25 = load i64, ptr %24, align 8
  %26 = getelementptr i8, ptr %2, i64 208
  %27 = load i64, ptr %26, align 8
  %28 = getelementptr i8, ptr %2, i64 232
  %29 = load ptr, ptr %28, align 8
  %30 = getelementptr i8, ptr %2, i64 280
  %31 = load i64, ptr %30, align 8
  %32 = getelementptr i8, ptr %2, i64 288
  %33 = load i64, ptr %32, align 8
  %34 = getelementptr i8, ptr %2, i64 320
  %35 = load ptr, ptr %34, align 8
  %36 = icmp slt i64 %0, %1
  br i1 %36, label %.lr.ph.i, label %main__tiles0.exit

.lr.ph.i:                                         ; preds = %3
  %37 = add <2 x i64> %15, splat (i64 -1)
  %38 = extractelement <2 x i64> %37, i64 0
  %39 = extractelement <2 x i64> %37, i64 1
  %40 = extractelement <2 x i64> %15, i64 0
  %41 = extractelement <2 x i64> %15, i64 1
  br label %42

42:                                               ; preds = %._crit_edge1.i, %.lr.ph.i
  %43 = phi i64 [ %0, %.lr.ph.i ], [ %181, %._crit_edge1.i ]
  %.frozen = freeze i64 %43
  %.frozen3 = freeze i64 %7
  %44 = udiv i64 %.frozen, %.frozen3
  %45 = mul i64 %44, %.frozen3
  %.decomposed = sub i64 %.frozen, %45
  %46 = shl i64 %.decomposed, 4
  %.frozen4 = freeze i64 %5
  %47 = udiv i64 %44, %.frozen4
  %48 = mul i64 %47, %.frozen4
  %.decomposed5 = sub i64 %44, %48
  %49 = shl i64 %.decomposed5, 1
  %50 = sub i64 %9, %49
  %51 = tail call i64 @llvm.smin.i64(i64 %50, i64 2)
  %52 = sub i64 %11, %46
  %53 = tail call i64 @llvm.smin.i64(i64 %52, i64 16)
  %54 = icmp sgt i64 %50, 0
  br i1 %54, label %.preheader.lr.ph.i, label %._crit_edge1.i

.preheader.lr.ph.i:                               ; preds = %42
  %55 = mul nsw i64 %49, %33
  %56 = mul nsw i64 %47, %31
  %57 = icmp sgt i64 %52, 0
  %58 = mul nsw i64 %47, %17
  %59 = mul nsw i64 %47, %23
  %60 = mul nsw i64 %49, %27
  %61 = getelementptr float, ptr %21, i64 %59
  %62 = getelementptr float, ptr %61, i64 %60
  %63 = getelementptr float, ptr %62, i64 %46
  %64 = getelementptr float, ptr %63, i64 %25
  %65 = getelementptr float, ptr %13, i64 %58
  %66 = getelementptr float, ptr %29, i64 %56
  %67 = getelementptr float, ptr %66, i64 %55
  %68 = getelementptr float, ptr %67, i64 %46
  br i1 %57, label %.preheader.us.i, label %._crit_edge1.i

.preheader.us.i:                                  ; preds = %.preheader.lr.ph.i, %._crit_edge.us.i
  %69 = phi i64 [ 1, %._crit_edge.us.i ], [ 0, %.preheader.lr.ph.i ]
  %70 = or disjoint i64 %69, %49
  %71 = mul nuw nsw i64 %69, %27
  %72 = mul nuw nsw i64 %69, %33
  %73 = getelementptr inbounds nuw float, ptr %68, i64 %72
  %74 = insertelement <2 x i64> poison, i64 %70, i64 0
  br label %75

75:                                               ; preds = %75, %.preheader.us.i
  %76 = phi i64 [ 0, %.preheader.us.i ], [ %177, %75 ]
  %77 = add i64 %76, %46
  %78 = add i64 %76, %71
  %79 = getelementptr inbounds nuw float, ptr %63, i64 %78
  %80 = load float, ptr %79, align 4
  %81 = getelementptr float, ptr %64, i64 %78
  %82 = load float, ptr %81, align 4
  %83 = fcmp ord float %80, %82
  %84 = insertelement <2 x float> poison, float %80, i64 0
  %85 = insertelement <2 x float> %84, float %82, i64 1
  %86 = fcmp ord <2 x float> %85, zeroinitializer
  %87 = fcmp olt <2 x float> %85, splat (float 0x4180000000000000)
  %88 = select <2 x i1> %87, <2 x float> %85, <2 x float> splat (float 0x4180000000000000)
  %89 = fcmp ogt <2 x float> %88, splat (float 0xC180000000000000)
  %90 = select <2 x i1> %89, <2 x float> %88, <2 x float> splat (float 0xC180000000000000)
  %91 = select <2 x i1> %86, <2 x float> %90, <2 x float> zeroinitializer
  %92 = tail call <2 x float> @llvm.floor.v2f32(<2 x float> %91)
  %93 = fptosi <2 x float> %92 to <2 x i64>
  %94 = insertelement <2 x i64> %74, i64 %77, i64 1
  %95 = add <2 x i64> %94, %93
  %96 = fsub <2 x float> %91, %92
  %97 = extractelement <2 x i64> %95, i64 0
  %98 = tail call i64 @llvm.smin.i64(i64 %97, i64 %38)
  %99 = icmp slt <2 x i64> %95, zeroinitializer
  %100 = extractelement <2 x i1> %99, i64 0
  %101 = select i1 %100, i64 0, i64 %98
  %102 = icmp sge <2 x i64> %95, %37
  %103 = extractelement <2 x i64> %95, i64 1
  %104 = tail call i64 @llvm.smin.i64(i64 %103, i64 %39)
  %105 = extractelement <2 x i1> %99, i64 1
  %106 = select i1 %105, i64 0, i64 %104
  %107 = or <2 x i1> %99, %102
  %108 = select <2 x i1> %107, <2 x float> zeroinitializer, <2 x float> %96
  %109 = add i64 %101, 1
  %110 = tail call i64 @llvm.smin.i64(i64 %109, i64 %38)
  %111 = add i64 %106, 1
  %112 = tail call i64 @llvm.smin.i64(i64 %111, i64 %39)
  %113 = sub i64 %110, %101
  %114 = sitofp i64 %113 to float
  %115 = extractelement <2 x float> %108, i64 0
  %116 = fsub float %114, %115
  %117 = sub i64 %112, %106
  %118 = sitofp i64 %117 to float
  %119 = extractelement <2 x float> %108, i64 1
  %120 = fsub float %118, %119
  %121 = icmp sgt i64 %101, -1
  %122 = icmp slt i64 %101, %40
  %123 = and i1 %121, %122
  %124 = icmp sgt i64 %110, -1
  %125 = icmp slt i64 %110, %40
  %126 = and i1 %124, %125
  %127 = icmp sgt i64 %106, -1
  %128 = icmp slt i64 %106, %41
  %129 = and i1 %127, %128
  %130 = icmp sgt i64 %112, -1
  %131 = icmp slt i64 %112, %41
  %132 = and i1 %130, %131
  %133 = and i1 %123, %129
  %134 = and i1 %123, %132
  %135 = and i1 %129, %126
  %136 = and i1 %126, %132
  %137 = fmul float %116, %120
  %138 = fmul float %119, %116
  %139 = fmul float %115, %120
  %140 = fmul float %115, %119
  %141 = tail call i64 @llvm.smax.i64(i64 %101, i64 0)
  %142 = tail call i64 @llvm.smin.i64(i64 %141, i64 %38)
  %143 = tail call i64 @llvm.smax.i64(i64 %106, i64 0)
  %144 = tail call i64 @llvm.smin.i64(i64 %143, i64 %39)
  %145 = and i1 %83, %133
  %146 = tail call i64 @llvm.smax.i64(i64 %112, i64 0)
  %147 = tail call i64 @llvm.smin.i64(i64 %146, i64 %39)
  %148 = and i1 %83, %134
  %149 = tail call i64 @llvm.smax.i64(i64 %110, i64 0)
  %150 = tail call i64 @llvm.smin.i64(i64 %149, i64 %38)
  %151 = and i1 %83, %135
  %152 = and i1 %83, %136
  %153 = mul i64 %142, %19
  %154 = getelementptr float, ptr %65, i64 %153
  %155 = getelementptr float, ptr %154, i64 %144
  %156 = load float, ptr %155, align 4
  %157 = select i1 %145, float %156, float 0.000000e+00
  %158 = fmul float %157, %137
  %159 = getelementptr float, ptr %154, i64 %147
  %160 = load float, ptr %159, align 4
  %161 = select i1 %148, float %160, float 0.000000e+00
  %162 = tail call float @llvm.fma.f32(float %161, float %138, float %158)
  %163 = mul i64 %150, %19
  %164 = getelementptr float, ptr %65, i64 %163
  %165 = getelementptr float, ptr %164, i64 %144
  %166 = load float, ptr %165, align 4
  %167 = select i1 %151, float %166, float 0.000000e+00
  %168 = tail call float @llvm.fma.f32(float %167, float %139, float %162)
  %169 = getelementptr float, ptr %164, i64 %147
  %170 = load float, ptr %169, align 4
  %171 = select i1 %152, float %170, float 0.000000e+00
  %172 = tail call float @llvm.fma.f32(float %171, float %140, float %168)
  %173 = load float, ptr %35, align 4
  %174 = tail call float @llvm.fma.f32(float %173, float %172, float 0.000000e+00)
  %175 = fadd float %174, 0.000000e+00
  %176 = getelementptr inbounds nuw float, ptr %73, i64 %76
  store float %175, ptr %176, align 4
  %177 = add nuw nsw i64 %76, 1
  %178 = icmp slt i64 %177, %53
  br i1 %178, label %75, label %._crit_edge.us.i

._crit_edge.us.i:                                 ; preds = %75
  %179 = add nuw nsw i64 %69, 1
  %180 = icmp slt i64 %179, %51
  br i1 %180, label %.preheader.us.i, label %._crit_edge1.i

._crit_edge1.i:                                   ; preds = %._crit_edge.us.i, %.preheader.lr.ph.i, %42
  %181 = add nsw i64 %43, 1
  %exitcond.not.i = icmp eq i64 %181, %1
  br i1 %exitcond.not.i, label %main__tiles0.exit, label %42

main__tiles0.exit:                                ; preds = %._crit_edge1.i, %3
  ret void
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(none)
define { i64, i64, i64, i64, i64, i64 } @main__shape_check(ptr readnone captures(none) %0, ptr readnone captures(none) %1, ptr readnone captures(none) %2, i64 %3, i64 %4, i64 %5, i64 %6, i64 %7, i64 %8, i64 %9, i64 %10, i64 %11, ptr readnone captures(none) %12, ptr readnone captures(none) %13, i64 %14, i64 %15, i64 %16, i64 %17, i64 %18, i64 %19, i64 %20, i64 %21, i64 %22, ptr readnone captures(none) %23, ptr readnone captures(none) %24, i64 %25, i64 %26, i64 %27, i64 %28, i64 %29, i64 %30, i64 %31, i64 %32, i64 %33) local_unnamed_addr #2 {
  %35 = icmp sgt i64 %5, 16777215
  %36 = icmp slt i64 %5, 1
  %37 = add i64 %5, -1
  %38 = tail call i64 @llvm.smax.i64(i64 %37, i64 0)
  %39 = add nuw i64 %38, 1
  %40 = icmp sgt i64 %6, 16777215
  %41 = icmp slt i64 %6, 1
  %42 = add i64 %6, -1
  %43 = tail call i64 @llvm.smax.i64(i64 %42, i64 0)
  %44 = add nuw i64 %43, 1
  %45 = tail call i64 @llvm.smax.i64(i64 %6, i64 1)
  %46 = udiv i64 2147483647, %45
  %47 = icmp sgt i64 %6, 2147483647
  %48 = icmp sgt i64 %5, %46
  %49 = or i1 %47, %48
  %.not = icmp eq i64 %15, %4
  %.not1 = icmp eq i64 %17, %39
  %.not2 = icmp eq i64 %18, %44
  %50 = select i1 %.not2, i64 0, i64 11
  %51 = select i1 %.not2, i64 0, i64 %18
  %52 = select i1 %.not2, i64 0, i64 %44
  %53 = select i1 %.not1, i64 %50, i64 10
  %54 = select i1 %.not1, i64 %51, i64 %17
  %55 = select i1 %.not1, i64 %52, i64 %39
  %56 = select i1 %.not, i64 %53, i64 9
  %57 = select i1 %.not, i64 %54, i64 %15
  %58 = select i1 %.not, i64 %55, i64 %4
  %59 = select i1 %.not2, i64 %56, i64 8
  %60 = select i1 %.not2, i64 %57, i64 %18
  %61 = select i1 %.not2, i64 %58, i64 %44
  %62 = select i1 %.not1, i64 %59, i64 7
  %63 = select i1 %.not1, i64 %60, i64 %17
  %64 = select i1 %.not1, i64 %61, i64 %39
  %65 = select i1 %.not, i64 %62, i64 6
  %66 = select i1 %.not, i64 %63, i64 %15
  %67 = select i1 %.not, i64 %64, i64 %4
  %68 = select i1 %49, i64 5, i64 %65
  %69 = select i1 %49, i64 %5, i64 %66
  %70 = select i1 %49, i64 %46, i64 %67
  %71 = select i1 %41, i64 4, i64 %68
  %72 = select i1 %41, i64 1, i64 %70
  %73 = select i1 %40, i64 3, i64 %71
  %74 = add i64 %6, -16777216
  %75 = icmp ult i64 %74, -16777215
  %76 = select i1 %75, i64 %6, i64 %69
  %77 = select i1 %40, i64 16777215, i64 %72
  %78 = select i1 %36, i64 2, i64 %73
  %79 = select i1 %36, i64 1, i64 %77
  %80 = select i1 %35, i64 1, i64 %78
  %81 = add i64 %5, -16777216
  %82 = icmp ult i64 %81, -16777215
  %83 = select i1 %82, i64 %5, i64 %76
  %84 = select i1 %35, i64 16777215, i64 %79
  %85 = insertvalue { i64, i64, i64, i64, i64, i64 } poison, i64 %80, 0
  %86 = insertvalue { i64, i64, i64, i64, i64, i64 } %85, i64 %83, 1
  %87 = insertvalue { i64, i64, i64, i64, i64, i64 } %86, i64 %84, 2
  %88 = insertvalue { i64, i64, i64, i64, i64, i64 } %87, i64 %15, 3
  %89 = insertvalue { i64, i64, i64, i64, i64, i64 } %88, i64 %17, 4
  %90 = insertvalue { i64, i64, i64, i64, i64, i64 } %89, i64 %18, 5
  ret { i64, i64, i64, i64, i64, i64 } %90
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(argmem: readwrite)
define void @_mlir_ciface_main__shape_check(ptr writeonly captures(none) initializes((0, 48)) %0, ptr readnone captures(none) %1, ptr readonly captures(none) %2, ptr readonly captures(none) %3, ptr readonly captures(none) %4) local_unnamed_addr #3 {
  %.elt5 = getelementptr inbounds nuw i8, ptr %2, i64 24
  %.unpack6.unpack = load i64, ptr %.elt5, align 8
  %.unpack6.elt9 = getelementptr inbounds nuw i8, ptr %2, i64 32
  %.unpack6.unpack10 = load i64, ptr %.unpack6.elt9, align 8
  %.unpack6.elt11 = getelementptr inbounds nuw i8, ptr %2, i64 40
  %.unpack6.unpack12 = load i64, ptr %.unpack6.elt11, align 8
  %.elt28 = getelementptr inbounds nuw i8, ptr %3, i64 24
  %.unpack29.unpack = load i64, ptr %.elt28, align 8
  %.unpack29.elt34 = getelementptr inbounds nuw i8, ptr %3, i64 40
  %.unpack29.unpack35 = load i64, ptr %.unpack29.elt34, align 8
  %.unpack29.elt36 = getelementptr inbounds nuw i8, ptr %3, i64 48
  %.unpack29.unpack37 = load i64, ptr %.unpack29.elt36, align 8
  %6 = icmp sgt i64 %.unpack6.unpack10, 16777215
  %7 = icmp slt i64 %.unpack6.unpack10, 1
  %8 = add i64 %.unpack6.unpack10, -1
  %9 = tail call i64 @llvm.smax.i64(i64 %8, i64 0)
  %10 = add nuw i64 %9, 1
  %11 = icmp sgt i64 %.unpack6.unpack12, 16777215
  %12 = icmp slt i64 %.unpack6.unpack12, 1
  %13 = add i64 %.unpack6.unpack12, -1
  %14 = tail call i64 @llvm.smax.i64(i64 %13, i64 0)
  %15 = add nuw i64 %14, 1
  %16 = tail call i64 @llvm.smax.i64(i64 %.unpack6.unpack12, i64 1)
  %17 = udiv i64 2147483647, %16
  %18 = icmp sgt i64 %.unpack6.unpack12, 2147483647
  %19 = icmp sgt i64 %.unpack6.unpack10, %17
  %20 = or i1 %18, %19
  %.not.i = icmp eq i64 %.unpack29.unpack, %.unpack6.unpack
  %.not1.i = icmp eq i64 %.unpack29.unpack35, %10
  %.not2.i = icmp eq i64 %.unpack29.unpack37, %15
  %21 = select i1 %.not2.i, i64 0, i64 11
  %22 = select i1 %.not2.i, i64 0, i64 %.unpack29.unpack37
  %23 = select i1 %.not2.i, i64 0, i64 %15
  %24 = select i1 %.not1.i, i64 %21, i64 10
  %25 = select i1 %.not1.i, i64 %22, i64 %.unpack29.unpack35
  %26 = select i1 %.not1.i, i64 %23, i64 %10
  %27 = select i1 %.not.i, i64 %24, i64 9
  %28 = select i1 %.not.i, i64 %25, i64 %.unpack29.unpack
  %29 = select i1 %.not.i, i64 %26, i64 %.unpack6.unpack
  %30 = select i1 %.not2.i, i64 %27, i64 8
  %31 = select i1 %.not2.i, i64 %28, i64 %.unpack29.unpack37
  %32 = select i1 %.not2.i, i64 %29, i64 %15
  %33 = select i1 %.not1.i, i64 %30, i64 7
  %34 = select i1 %.not1.i, i64 %31, i64 %.unpack29.unpack35
  %35 = select i1 %.not1.i, i64 %32, i64 %10
  %36 = select i1 %.not.i, i64 %33, i64 6
  %37 = select i1 %.not.i, i64 %34, i64 %.unpack29.unpack
  %38 = select i1 %.not.i, i64 %35, i64 %.unpack6.unpack
  %39 = select i1 %20, i64 5, i64 %36
  %40 = select i1 %20, i64 %.unpack6.unpack10, i64 %37
  %41 = select i1 %20, i64 %17, i64 %38
  %42 = select i1 %12, i64 4, i64 %39
  %43 = select i1 %12, i64 1, i64 %41
  %44 = select i1 %11, i64 3, i64 %42
  %45 = add i64 %.unpack6.unpack12, -16777216
  %46 = icmp ult i64 %45, -16777215
  %47 = select i1 %46, i64 %.unpack6.unpack12, i64 %40
  %48 = select i1 %11, i64 16777215, i64 %43
  %49 = select i1 %7, i64 2, i64 %44
  %50 = select i1 %7, i64 1, i64 %48
  %51 = select i1 %6, i64 1, i64 %49
  %52 = add i64 %.unpack6.unpack10, -16777216
  %53 = icmp ult i64 %52, -16777215
  %54 = select i1 %53, i64 %.unpack6.unpack10, i64 %47
  %55 = select i1 %6, i64 16777215, i64 %50
  store i64 %51, ptr %0, align 4
  %.repack69 = getelementptr inbounds nuw i8, ptr %0, i64 8
  store i64 %54, ptr %.repack69, align 4
  %.repack71 = getelementptr inbounds nuw i8, ptr %0, i64 16
  store i64 %55, ptr %.repack71, align 4
  %.repack73 = getelementptr inbounds nuw i8, ptr %0, i64 24
  store i64 %.unpack29.unpack, ptr %.repack73, align 4
  %.repack75 = getelementptr inbounds nuw i8, ptr %0, i64 32
  store i64 %.unpack29.unpack35, ptr %.repack75, align 4
  %.repack77 = getelementptr inbounds nuw i8, ptr %0, i64 40
  store i64 %.unpack29.unpack37, ptr %.repack77, align 4
  ret void
}

declare void @deform_kernel_parallel_for(ptr, i64, ptr, ptr) local_unnamed_addr

declare ptr @deform_kernel_alloc(i64) local_unnamed_addr

; Function Attrs: mustprogress nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none)
declare i64 @llvm.smin.i64(i64, i64) #4

; Function Attrs: mustprogress nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none)
declare i64 @llvm.smax.i64(i64, i64) #4

; Function Attrs: mustprogress nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none)
declare float @llvm.fma.f32(float, float, float) #4

define void @_mlir_main(ptr readonly captures(none) %0) local_unnamed_addr {
  %2 = load ptr, ptr %0, align 8
  %3 = load ptr, ptr %2, align 8
  %4 = getelementptr i8, ptr %0, i64 8
  %5 = load ptr, ptr %4, align 8
  %6 = load ptr, ptr %5, align 8
  %7 = getelementptr i8, ptr %0, i64 16
  %8 = load ptr, ptr %7, align 8
  %9 = load ptr, ptr %8, align 8
  %10 = getelementptr i8, ptr %0, i64 24
  %11 = load ptr, ptr %10, align 8
  %12 = load i64, ptr %11, align 8
  %13 = getelementptr i8, ptr %0, i64 32
  %14 = load ptr, ptr %13, align 8
  %15 = load i64, ptr %14, align 8
  %16 = getelementptr i8, ptr %0, i64 40
  %17 = load ptr, ptr %16, align 8
  %18 = load i64, ptr %17, align 8
  %19 = getelementptr i8, ptr %0, i64 48
  %20 = load ptr, ptr %19, align 8
  %21 = load i64, ptr %20, align 8
  %22 = getelementptr i8, ptr %0, i64 56
  %23 = load ptr, ptr %22, align 8
  %24 = load i64, ptr %23, align 8
  %25 = getelementptr i8, ptr %0, i64 64
  %26 = load ptr, ptr %25, align 8
  %27 = load i64, ptr %26, align 8
  %28 = getelementptr i8, ptr %0, i64 72
  %29 = load ptr, ptr %28, align 8
  %30 = load i64, ptr %29, align 8
  %31 = getelementptr i8, ptr %0, i64 80
  %32 = load ptr, ptr %31, align 8
  %33 = load i64, ptr %32, align 8
  %34 = getelementptr i8, ptr %0, i64 88
  %35 = load ptr, ptr %34, align 8
  %36 = load i64, ptr %35, align 8
  %37 = getelementptr i8, ptr %0, i64 96
  %38 = load ptr, ptr %37, align 8
  %39 = load ptr, ptr %38, align 8
  %40 = getelementptr i8, ptr %0, i64 104
  %41 = load ptr, ptr %40, align 8
  %42 = load ptr, ptr %41, align 8
  %43 = getelementptr i8, ptr %0, i64 112
  %44 = load ptr, ptr %43, align 8
  %45 = load i64, ptr %44, align 8
  %46 = getelementptr i8, ptr %0, i64 120
  %47 = load ptr, ptr %46, align 8
  %48 = load i64, ptr %47, align 8
  %49 = getelementptr i8, ptr %0, i64 128
  %50 = load ptr, ptr %49, align 8
  %51 = load i64, ptr %50, align 8
  %52 = getelementptr i8, ptr %0, i64 136
  %53 = load ptr, ptr %52, align 8
  %54 = load i64, ptr %53, align 8
  %55 = getelementptr i8, ptr %0, i64 144
  %56 = load ptr, ptr %55, align 8
  %57 = load i64, ptr %56, align 8
  %58 = getelementptr i8, ptr %0, i64 152
  %59 = load ptr, ptr %58, align 8
  %60 = load i64, ptr %59, align 8
  %61 = getelementptr i8, ptr %0, i64 160
  %62 = load ptr, ptr %61, align 8
  %63 = load i64, ptr %62, align 8
  %64 = getelementptr i8, ptr %0, i64 168
  %65 = load ptr, ptr %64, align 8
  %66 = load i64, ptr %65, align 8
  %67 = getelementptr i8, ptr %0, i64 176
  %68 = load ptr, ptr %67, align 8
  %69 = load i64, ptr %68, align 8
  %70 = getelementptr i8, ptr %0, i64 184
  %71 = load ptr, ptr %70, align 8
  %72 = load ptr, ptr %71, align 8
  %73 = getelementptr i8, ptr %0, i64 192
  %74 = load ptr, ptr %73, align 8
  %75 = load ptr, ptr %74, align 8
  %76 = getelementptr i8, ptr %0, i64 200
  %77 = load ptr, ptr %76, align 8
  %78 = load i64, ptr %77, align 8
  %79 = getelementptr i8, ptr %0, i64 208
  %80 = load ptr, ptr %79, align 8
  %81 = load i64, ptr %80, align 8
  %82 = getelementptr i8, ptr %0, i64 216
  %83 = load ptr, ptr %82, align 8
  %84 = load i64, ptr %83, align 8
  %85 = getelementptr i8, ptr %0, i64 224
  %86 = load ptr, ptr %85, align 8
  %87 = load i64, ptr %86, align 8
  %88 = getelementptr i8, ptr %0, i64 232
  %89 = load ptr, ptr %88, align 8
  %90 = load i64, ptr %89, align 8
  %91 = getelementptr i8, ptr %0, i64 240
  %92 = load ptr, ptr %91, align 8
  %93 = load i64, ptr %92, align 8
  %94 = getelementptr i8, ptr %0, i64 248
  %95 = load ptr, ptr %94, align 8
  %96 = load i64, ptr %95, align 8
  %97 = getelementptr i8, ptr %0, i64 256
  %98 = load ptr, ptr %97, align 8
  %99 = load i64, ptr %98, align 8
  %100 = getelementptr i8, ptr %0, i64 264
  %101 = load ptr, ptr %100, align 8
  %102 = load i64, ptr %101, align 8
  %103 = tail call { ptr, ptr, i64, [4 x i64], [4 x i64] } @main(ptr %3, ptr %6, ptr %9, i64 %12, i64 %15, i64 %18, i64 %21, i64 %24, i64 %27, i64 %30, i64 %33, i64 %36, ptr %39, ptr %42, i64 %45, i64 %48, i64 %51, i64 %54, i64 %57, i64 %60, i64 %63, i64 %66, i64 %69, ptr %72, ptr %75, i64 %78, i64 %81, i64 %84, i64 %87, i64 %90, i64 %93, i64 %96, i64 %99, i64 %102)
  %104 = getelementptr i8, ptr %0, i64 272
  %105 = load ptr, ptr %104, align 8
  %.elt = extractvalue { ptr, ptr, i64, [4 x i64], [4 x i64] } %103, 0
  store ptr %.elt, ptr %105, align 8
  %.repack1 = getelementptr inbounds nuw i8, ptr %105, i64 8
  %.elt2 = extractvalue { ptr, ptr, i64, [4 x i64], [4 x i64] } %103, 1
  store ptr %.elt2, ptr %.repack1, align 8
  %.repack3 = getelementptr inbounds nuw i8, ptr %105, i64 16
  %.elt4 = extractvalue { ptr, ptr, i64, [4 x i64], [4 x i64] } %103, 2
  store i64 %.elt4, ptr %.repack3, align 8
  %.repack5 = getelementptr inbounds nuw i8, ptr %105, i64 24
  %.elt6 = extractvalue { ptr, ptr, i64, [4 x i64], [4 x i64] } %103, 3
  %.elt6.elt = extractvalue [4 x i64] %.elt6, 0
  store i64 %.elt6.elt, ptr %.repack5, align 8
  %.repack5.repack9 = getelementptr inbounds nuw i8, ptr %105, i64 32
  %.elt6.elt10 = extractvalue [4 x i64] %.elt6, 1
  store i64 %.elt6.elt10, ptr %.repack5.repack9, align 8
  %.repack5.repack11 = getelementptr inbounds nuw i8, ptr %105, i64 40
  %.elt6.elt12 = extractvalue [4 x i64] %.elt6, 2
  store i64 %.elt6.elt12, ptr %.repack5.repack11, align 8
  %.repack5.repack13 = getelementptr inbounds nuw i8, ptr %105, i64 48
  %.elt6.elt14 = extractvalue [4 x i64] %.elt6, 3
  store i64 %.elt6.elt14, ptr %.repack5.repack13, align 8
  %.repack7 = getelementptr inbounds nuw i8, ptr %105, i64 56
  %.elt8 = extractvalue { ptr, ptr, i64, [4 x i64], [4 x i64] } %103, 4
  %.elt8.elt = extractvalue [4 x i64] %.elt8, 0
  store i64 %.elt8.elt, ptr %.repack7, align 8
  %.repack7.repack15 = getelementptr inbounds nuw i8, ptr %105, i64 64
  %.elt8.elt16 = extractvalue [4 x i64] %.elt8, 1
  store i64 %.elt8.elt16, ptr %.repack7.repack15, align 8
  %.repack7.repack17 = getelementptr inbounds nuw i8, ptr %105, i64 72
  %.elt8.elt18 = extractvalue [4 x i64] %.elt8, 2
  store i64 %.elt8.elt18, ptr %.repack7.repack17, align 8
  %.repack7.repack19 = getelementptr inbounds nuw i8, ptr %105, i64 80
  %.elt8.elt20 = extractvalue [4 x i64] %.elt8, 3
  store i64 %.elt8.elt20, ptr %.repack7.repack19, align 8
  ret void
}

define void @_mlir__mlir_ciface_main(ptr readonly captures(none) %0) local_unnamed_addr {
  %2 = load ptr, ptr %0, align 8
  %3 = load ptr, ptr %2, align 8
  %4 = getelementptr i8, ptr %0, i64 8
  %5 = load ptr, ptr %4, align 8
  %6 = load ptr, ptr %5, align 8
  %7 = getelementptr i8, ptr %0, i64 16
  %8 = load ptr, ptr %7, align 8
  %9 = load ptr, ptr %8, align 8
  %10 = getelementptr i8, ptr %0, i64 24
  %11 = load ptr, ptr %10, align 8
  %12 = load ptr, ptr %11, align 8
  %13 = getelementptr i8, ptr %0, i64 32
  %14 = load ptr, ptr %13, align 8
  %15 = load ptr, ptr %14, align 8
  tail call void @_mlir_ciface_main(ptr %3, ptr %6, ptr %9, ptr %12, ptr %15)
  ret void
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(readwrite, inaccessiblemem: none, target_mem0: none, target_mem1: none)
define void @_mlir_main__shape_check(ptr readonly captures(none) %0) local_unnamed_addr #5 {
  %2 = getelementptr i8, ptr %0, i64 32
  %3 = load ptr, ptr %2, align 8
  %4 = load i64, ptr %3, align 8
  %5 = getelementptr i8, ptr %0, i64 40
  %6 = load ptr, ptr %5, align 8
  %7 = load i64, ptr %6, align 8
  %8 = getelementptr i8, ptr %0, i64 48
  %9 = load ptr, ptr %8, align 8
  %10 = load i64, ptr %9, align 8
  %11 = getelementptr i8, ptr %0, i64 120
  %12 = load ptr, ptr %11, align 8
  %13 = load i64, ptr %12, align 8
  %14 = getelementptr i8, ptr %0, i64 136
  %15 = load ptr, ptr %14, align 8
  %16 = load i64, ptr %15, align 8
  %17 = getelementptr i8, ptr %0, i64 144
  %18 = load ptr, ptr %17, align 8
  %19 = load i64, ptr %18, align 8
  %20 = tail call { i64, i64, i64, i64, i64, i64 } @main__shape_check(ptr poison, ptr poison, ptr poison, i64 poison, i64 %4, i64 %7, i64 %10, i64 poison, i64 poison, i64 poison, i64 poison, i64 poison, ptr poison, ptr poison, i64 poison, i64 %13, i64 poison, i64 %16, i64 %19, i64 poison, i64 poison, i64 poison, i64 poison, ptr poison, ptr poison, i64 poison, i64 poison, i64 poison, i64 poison, i64 poison, i64 poison, i64 poison, i64 poison, i64 poison)
  %21 = getelementptr i8, ptr %0, i64 272
  %22 = load ptr, ptr %21, align 8
  %.elt = extractvalue { i64, i64, i64, i64, i64, i64 } %20, 0
  store i64 %.elt, ptr %22, align 8
  %.repack1 = getelementptr inbounds nuw i8, ptr %22, i64 8
  %.elt2 = extractvalue { i64, i64, i64, i64, i64, i64 } %20, 1
  store i64 %.elt2, ptr %.repack1, align 8
  %.repack3 = getelementptr inbounds nuw i8, ptr %22, i64 16
  %.elt4 = extractvalue { i64, i64, i64, i64, i64, i64 } %20, 2
  store i64 %.elt4, ptr %.repack3, align 8
  %.repack5 = getelementptr inbounds nuw i8, ptr %22, i64 24
  %.elt6 = extractvalue { i64, i64, i64, i64, i64, i64 } %20, 3
  store i64 %.elt6, ptr %.repack5, align 8
  %.repack7 = getelementptr inbounds nuw i8, ptr %22, i64 32
  %.elt8 = extractvalue { i64, i64, i64, i64, i64, i64 } %20, 4
  store i64 %.elt8, ptr %.repack7, align 8
  %.repack9 = getelementptr inbounds nuw i8, ptr %22, i64 40
  %.elt10 = extractvalue { i64, i64, i64, i64, i64, i64 } %20, 5
  store i64 %.elt10, ptr %.repack9, align 8
  ret void
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(readwrite, inaccessiblemem: none, target_mem0: none, target_mem1: none)
define void @_mlir__mlir_ciface_main__shape_check(ptr readonly captures(none) %0) local_unnamed_addr #5 {
  %2 = load ptr, ptr %0, align 8
  %3 = load ptr, ptr %2, align 8
  %4 = getelementptr i8, ptr %0, i64 16
  %5 = load ptr, ptr %4, align 8
  %6 = load ptr, ptr %5, align 8
  %7 = getelementptr i8, ptr %0, i64 24
  %8 = load ptr, ptr %7, align 8
  %9 = load ptr, ptr %8, align 8
  tail call void @_mlir_ciface_main__shape_check(ptr %3, ptr poison, ptr %6, ptr %9, ptr poison)
  ret void
}

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.start.p0(ptr captures(none)) #6

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.end.p0(ptr captures(none)) #6

; Function Attrs: nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none)
declare <2 x float> @llvm.floor.v2f32(<2 x float>) #7

attributes #0 = { "target-cpu"="znver5" "target-features"="+64bit,+adx,+aes,+avx,+avx2,+avx512bf16,+avx512bitalg,+avx512bw,+avx512cd,+avx512dq,+avx512f,+avx512ifma,+avx512vbmi,+avx512vbmi2,+avx512vl,+avx512vnni,+avx512vp2intersect,+avx512vpopcntdq,+avxvnni,+bmi,+bmi2,+clflushopt,+clwb,+clzero,+cmov,+crc32,+cx16,+cx8,+f16c,+fma,+fsgsbase,+fxsr,+gfni,+invpcid,+lzcnt,+mmx,+movbe,+pclmul,+popcnt,+prfchw,+rdpid,+rdrnd,+rdseed,+sahf,+sha,+shstk,+sse,+sse2,+sse3,+sse4.1,+sse4.2,+sse4a,+ssse3,+vaes,+vpclmulqdq,+xsave,+xsavec,+xsaveopt,+xsaves,-amx-avx512,-amx-bf16,-amx-complex,-amx-fp16,-amx-fp8,-amx-int8,-amx-movrs,-amx-tf32,-amx-tile,-avx10.1,-avx10.2,-avx512fp16,-avxifma,-avxneconvert,-avxvnniint16,-avxvnniint8,-ccmp,-cf,-cldemote,-cmpccxadd,-egpr,-enqcmd,-fma4,-hreset,-kl,-lwp,-movdir64b,-movdiri,-movrs,-mwaitx,-ndd,-nf,-pconfig,-pku,-ppx,-prefetchi,-ptwrite,-push2pop2,-raoint,-rdpru,-rtm,-serialize,-sgx,-sha512,-sm3,-sm4,-tbm,-tsxldtrk,-uintr,-usermsr,-waitpkg,-wbnoinvd,-widekl,-xop,-zu" }
attributes #1 = { nofree norecurse nosync nounwind memory(readwrite, inaccessiblemem: none, target_mem0: none, target_mem1: none) "target-cpu"="znver5" "target-features"="+64bit,+adx,+aes,+avx,+avx2,+avx512bf16,+avx512bitalg,+avx512bw,+avx512cd,+avx512dq,+avx512f,+avx512ifma,+avx512vbmi,+avx512vbmi2,+avx512vl,+avx512vnni,+avx512vp2intersect,+avx512vpopcntdq,+avxvnni,+bmi,+bmi2,+clflushopt,+clwb,+clzero,+cmov,+crc32,+cx16,+cx8,+f16c,+fma,+fsgsbase,+fxsr,+gfni,+invpcid,+lzcnt,+mmx,+movbe,+pclmul,+popcnt,+prfchw,+rdpid,+rdrnd,+rdseed,+sahf,+sha,+shstk,+sse,+sse2,+sse3,+sse4.1,+sse4.2,+sse4a,+ssse3,+vaes,+vpclmulqdq,+xsave,+xsavec,+xsaveopt,+xsaves,-amx-avx512,-amx-bf16,-amx-complex,-amx-fp16,-amx-fp8,-amx-int8,-amx-movrs,-amx-tf32,-amx-tile,-avx10.1,-avx10.2,-avx512fp16,-avxifma,-avxneconvert,-avxvnniint16,-avxvnniint8,-ccmp,-cf,-cldemote,-cmpccxadd,-egpr,-enqcmd,-fma4,-hreset,-kl,-lwp,-movdir64b,-movdiri,-movrs,-mwaitx,-ndd,-nf,-pconfig,-pku,-ppx,-prefetchi,-ptwrite,-push2pop2,-raoint,-rdpru,-rtm,-serialize,-sgx,-sha512,-sm3,-sm4,-tbm,-tsxldtrk,-uintr,-usermsr,-waitpkg,-wbnoinvd,-widekl,-xop,-zu" }
attributes #2 = { mustprogress nofree norecurse nosync nounwind willreturn memory(none) "target-cpu"="znver5" "target-features"="+64bit,+adx,+aes,+avx,+avx2,+avx512bf16,+avx512bitalg,+avx512bw,+avx512cd,+avx512dq,+avx512f,+avx512ifma,+avx512vbmi,+avx512vbmi2,+avx512vl,+avx512vnni,+avx512vp2intersect,+avx512vpopcntdq,+avxvnni,+bmi,+bmi2,+clflushopt,+clwb,+clzero,+cmov,+crc32,+cx16,+cx8,+f16c,+fma,+fsgsbase,+fxsr,+gfni,+invpcid,+lzcnt,+mmx,+movbe,+pclmul,+popcnt,+prfchw,+rdpid,+rdrnd,+rdseed,+sahf,+sha,+shstk,+sse,+sse2,+sse3,+sse4.1,+sse4.2,+sse4a,+ssse3,+vaes,+vpclmulqdq,+xsave,+xsavec,+xsaveopt,+xsaves,-amx-avx512,-amx-bf16,-amx-complex,-amx-fp16,-amx-fp8,-amx-int8,-amx-movrs,-amx-tf32,-amx-tile,-avx10.1,-avx10.2,-avx512fp16,-avxifma,-avxneconvert,-avxvnniint16,-avxvnniint8,-ccmp,-cf,-cldemote,-cmpccxadd,-egpr,-enqcmd,-fma4,-hreset,-kl,-lwp,-movdir64b,-movdiri,-movrs,-mwaitx,-ndd,-nf,-pconfig,-pku,-ppx,-prefetchi,-ptwrite,-push2pop2,-raoint,-rdpru,-rtm,-serialize,-sgx,-sha512,-sm3,-sm4,-tbm,-tsxldtrk,-uintr,-usermsr,-waitpkg,-wbnoinvd,-widekl,-xop,-zu" }
attributes #3 = { mustprogress nofree norecurse nosync nounwind willreturn memory(argmem: readwrite) "target-cpu"="znver5" "target-features"="+64bit,+adx,+aes,+avx,+avx2,+avx512bf16,+avx512bitalg,+avx512bw,+avx512cd,+avx512dq,+avx512f,+avx512ifma,+avx512vbmi,+avx512vbmi2,+avx512vl,+avx512vnni,+avx512vp2intersect,+avx512vpopcntdq,+avxvnni,+bmi,+bmi2,+clflushopt,+clwb,+clzero,+cmov,+crc32,+cx16,+cx8,+f16c,+fma,+fsgsbase,+fxsr,+gfni,+invpcid,+lzcnt,+mmx,+movbe,+pclmul,+popcnt,+prfchw,+rdpid,+rdrnd,+rdseed,+sahf,+sha,+shstk,+sse,+sse2,+sse3,+sse4.1,+sse4.2,+sse4a,+ssse3,+vaes,+vpclmulqdq,+xsave,+xsavec,+xsaveopt,+xsaves,-amx-avx512,-amx-bf16,-amx-complex,-amx-fp16,-amx-fp8,-amx-int8,-amx-movrs,-amx-tf32,-amx-tile,-avx10.1,-avx10.2,-avx512fp16,-avxifma,-avxneconvert,-avxvnniint16,-avxvnniint8,-ccmp,-cf,-cldemote,-cmpccxadd,-egpr,-enqcmd,-fma4,-hreset,-kl,-lwp,-movdir64b,-movdiri,-movrs,-mwaitx,-ndd,-nf,-pconfig,-pku,-ppx,-prefetchi,-ptwrite,-push2pop2,-raoint,-rdpru,-rtm,-serialize,-sgx,-sha512,-sm3,-sm4,-tbm,-tsxldtrk,-uintr,-usermsr,-waitpkg,-wbnoinvd,-widekl,-xop,-zu" }
attributes #4 = { mustprogress nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none) }
attributes #5 = { mustprogress nofree norecurse nosync nounwind willreturn memory(readwrite, inaccessiblemem: none, target_mem0: none, target_mem1: none) }
attributes #6 = { nocallback nofree nosync nounwind willreturn memory(argmem: readwrite) }
attributes #7 = { nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none) }

!llvm.module.flags = !{!0}

!0 = !{i32 2, !"Debug Info Version", i32 3}
